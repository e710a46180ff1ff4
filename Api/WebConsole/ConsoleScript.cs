using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Ledger.Api.WebConsole;

/// <summary>
/// A console page that runs the service's own scripts (the audit trail's in-browser verifier). Every other page runs
/// none, and its policy says so; this one may load scripts from the service itself, never inline or from elsewhere.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ConsoleScriptAttribute : Attribute;

/// <summary>Endpoint metadata: the page's answer may load the service's own scripts (<see cref="ConsoleHeaders"/>).</summary>
public sealed record ConsoleScriptEndpoint;

/// <summary>Carries <see cref="ConsoleScriptAttribute"/> from the page model to its endpoint.</summary>
public sealed class ConsoleScriptConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        if (model.HandlerType.GetCustomAttribute<ConsoleScriptAttribute>() is not null) model.EndpointMetadata.Add(new ConsoleScriptEndpoint());
    }
}
