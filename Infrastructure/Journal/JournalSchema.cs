using Weasel.Postgresql.Tables;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// The double-entry journal as plain relational tables, so finance teams can query and export it
/// with their own SQL tools. Created and migrated with Marten's own schema objects.
/// </summary>
public static class JournalSchema
{
    public const string Entries = "journal_entries";
    public const string Postings = "journal_postings";
    public const string Balances = "account_balances";

    public static IEnumerable<Table> Tables(string schema)
    {
        var entries = new Table($"{schema}.{Entries}");
        entries.AddColumn<Guid>("entry_id").AsPrimaryKey();
        entries.AddColumn<string>("kind").NotNull();
        // Indexed for reads of a window of days (the finance charts, DailyReads).
        entries.AddColumn("posted_at", "timestamptz").NotNull().AddIndex();
        entries.AddColumn<Guid>("stream_id").NotNull();
        entries.AddColumn<Guid>("event_id").NotNull();

        var postings = new Table($"{schema}.{Postings}");
        postings.AddColumn<Guid>("entry_id").AsPrimaryKey().ForeignKeyTo(entries, "entry_id");
        postings.AddColumn<int>("line").AsPrimaryKey();
        postings.AddColumn<string>("account").NotNull().AddIndex();
        postings.AddColumn("currency", "char(3)").NotNull();
        postings.AddColumn<long>("amount_minor").NotNull();

        var balances = new Table($"{schema}.{Balances}");
        balances.AddColumn<string>("account").AsPrimaryKey();
        balances.AddColumn("currency", "char(3)").AsPrimaryKey();
        balances.AddColumn<long>("balance_minor").NotNull();
        balances.AddColumn<long>("postings").NotNull();
        // Part of the key: a shared account's balance is the sum of its rows (BalanceSlots). Last, as a migration adds it.
        balances.AddColumn<short>("slot").AsPrimaryKey().DefaultValue(0);

        return [entries, postings, balances];
    }
}
