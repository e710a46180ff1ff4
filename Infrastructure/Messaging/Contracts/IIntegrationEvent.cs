namespace Ledger.Infrastructure.Messaging.Contracts;

/// <summary>
/// What every integration event carries about its origin. Integration events are a published contract,
/// separate from the domain events they are translated from: the domain may change its events (with
/// upcasters) while a contract only ever gains a new versioned name.
/// </summary>
/// <remarks>
/// A contract is a record named <c>...IntegrationEvent</c> with a <c>[MessageUrn("ledger.name.vN")]</c>:
/// the URN is its wire name and, with the configured prefix, the name of its exchange. Money travels as
/// integer minor units plus the ISO 4217 code, never as a domain type.
/// </remarks>
public interface IIntegrationEvent
{
    /// <summary>The id of the stored event this was published from; the message id is derived from it.</summary>
    Guid SourceEventId { get; }

    /// <summary>The global sequence of that stored event, for consumers that want to order or audit.</summary>
    long SourceSequence { get; }

    DateTimeOffset OccurredAt { get; }
}
