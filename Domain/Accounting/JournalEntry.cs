namespace Ledger.Domain.Accounting;

/// <summary>
/// A balanced journal entry: its postings sum to zero in every currency. It cannot be built
/// unbalanced, so no code path can create or destroy money.
/// </summary>
public sealed record JournalEntry
{
    public Guid EntryId { get; }
    public string Kind { get; }
    public IReadOnlyList<Posting> Postings { get; }
    public DateTimeOffset PostedAt { get; }

    public JournalEntry(Guid entryId, string kind, IReadOnlyList<Posting> postings, DateTimeOffset postedAt)
    {
        if (postings.Count < 2)
            throw new ArgumentException("A journal entry needs at least two postings.", nameof(postings));
        foreach (var currency in postings.GroupBy(p => p.Amount.Currency))
        {
            var sum = currency.Aggregate(0L, (total, p) => checked(total + p.Amount.Minor));
            if (sum != 0)
                throw new ArgumentException($"Postings in {currency.Key} sum to {sum}, not zero.", nameof(postings));
        }
        EntryId = entryId;
        Kind = kind;
        Postings = postings;
        PostedAt = postedAt;
    }

    /// <summary>Moves <paramref name="amount"/> from one account to another.</summary>
    public static JournalEntry Transfer(Guid entryId, string kind, LedgerAccount from, LedgerAccount to, Money amount, DateTimeOffset at) =>
        new(entryId, kind, [new Posting(from, -amount), new Posting(to, amount)], at);
}
