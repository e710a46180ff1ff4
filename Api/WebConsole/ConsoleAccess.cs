using System.Reflection;
using Ledger.Api.Access;
using Ledger.Domain.Access;
using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace Ledger.Api.WebConsole;

/// <summary>A console page for callers signed in with one of these roles (the session cookie, never a bearer header).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ConsolePageAttribute(params Role[] roles) : Attribute
{
    public IReadOnlyList<Role> Roles { get; } = roles;
}

/// <summary>A console page anyone may open: the sign-in form and the error page.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ConsolePublicAttribute : Attribute;

/// <summary>Endpoint metadata: the caller is authenticated by the console's session cookie (<see cref="ConsoleSessionCookie"/>).</summary>
public sealed record ConsoleSessionEndpoint;

/// <summary>
/// Turns each page's attribute into the same access declaration every API endpoint carries (docs/ACCESS.md), so
/// <see cref="CredentialCheck"/> enforces it, records auditors' reads, and refuses to start when a page declares nothing.
/// </summary>
public sealed class ConsoleAccessConvention : IPageApplicationModelConvention
{
    public void Apply(PageApplicationModel model)
    {
        var type = model.HandlerType;
        if (type.GetCustomAttribute<ConsolePageAttribute>() is { } page)
        {
            model.EndpointMetadata.Add(new RolesAllowed(page.Roles));
            model.EndpointMetadata.Add(new ConsoleSessionEndpoint());
        }
        if (type.GetCustomAttribute<ConsolePublicAttribute>() is not null)
            model.EndpointMetadata.Add(new PublicEndpoint());
    }
}
