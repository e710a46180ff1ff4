namespace Ledger.Domain.Accounting;

/// <summary>One line of a journal entry. Positive amounts increase the account's balance, negative ones decrease it.</summary>
public sealed record Posting(LedgerAccount Account, Money Amount);
