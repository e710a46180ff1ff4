using Ledger.Infrastructure.Messaging.Contracts;
using MassTransit;

namespace Ledger.Infrastructure.Messaging.Transport;

/// <summary>
/// Names the exchange of each contract after its versioned wire name (<c>ledger.payment-authorized.v1</c>)
/// instead of its .NET type, so renaming or moving a record never reroutes messages; with the
/// deployment's prefix in front.
/// </summary>
public sealed class ContractEntityNameFormatter(IEntityNameFormatter fallback, string prefix) : IEntityNameFormatter
{
    public string FormatEntityName<T>() => prefix + (ContractNames.Of(typeof(T)) ?? fallback.FormatEntityName<T>());
}
