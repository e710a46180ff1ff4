using System.Reflection;
using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

/// <summary>The stable wire name of a contract, read from its <c>[MessageUrn]</c>.</summary>
public static class ContractNames
{
    /// <summary>E.g. <c>ledger.payment-authorized.v1</c>; null for a type that is not a named contract.</summary>
    public static string? Of(Type type) =>
        type.GetCustomAttribute<MessageUrnAttribute>() is { } urn ? Strip(urn.Urn.ToString()) : null;

    public static string Of<T>() where T : IIntegrationEvent =>
        Of(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} has no [MessageUrn].");

    // MassTransit writes the default scheme in front: urn:message:ledger.payment-authorized.v1.
    private const string Scheme = "urn:message:";

    private static string Strip(string urn) => urn.StartsWith(Scheme, StringComparison.Ordinal) ? urn[Scheme.Length..] : urn;
}
