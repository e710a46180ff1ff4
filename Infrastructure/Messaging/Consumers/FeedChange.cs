namespace Ledger.Infrastructure.Messaging.Consumers;

/// <summary>What messages add to one merchant's settlement feed row in one currency.</summary>
public readonly record struct FeedChange(Guid MerchantId, string Currency, long Count, long AuthorizedMinor, long RefundedMinor)
{
    public static FeedChange Sum(FeedChange a, FeedChange b) =>
        a with { Count = a.Count + b.Count, AuthorizedMinor = a.AuthorizedMinor + b.AuthorizedMinor, RefundedMinor = a.RefundedMinor + b.RefundedMinor };
}
