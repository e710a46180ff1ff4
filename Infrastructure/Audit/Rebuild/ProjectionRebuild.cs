using System.Diagnostics;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Journal;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Audit.Rebuild;

/// <summary>One view rebuilt: how long, how many events it read, and how it differs from the live view before.</summary>
public sealed record ViewRebuild(string View, long Events, TimeSpan Took, long Missing, long Extra, IReadOnlyList<string> Samples)
{
    public double EventsPerSecond => Events / Math.Max(Took.TotalSeconds, 1e-6);
    public bool Matches => Missing == 0 && Extra == 0;
}

/// <summary>Where a rebuild is: one step (the plain read, the journal, one snapshot table) and how far it got.</summary>
public sealed record RebuildStep(string Name, long Done, long Total);

public sealed record RebuildReport(long Events, TimeSpan PlainRead, IReadOnlyList<ViewRebuild> Views)
{
    /// <summary>The floor: reading every event's data in order with nothing done to it.</summary>
    public double PlainReadEventsPerSecond => Events / Math.Max(PlainRead.TotalSeconds, 1e-6);
    public bool AllMatch => Views.All(v => v.Matches);
}

/// <summary>
/// Rebuilds the projections from the events (the journal and balances with <see cref="JournalRebuilder"/>,
/// the wallet, merchant, terminal and payment snapshots with Marten's daemon), then compares each
/// with a copy of the live view taken just before, row by row. Meant for a quiet ledger: writes
/// during the rebuild show up as differences. One at a time on a database, console and CLI alike (<see cref="RebuildLock"/>).
/// </summary>
public sealed class ProjectionRebuild(IDocumentStore store, NpgsqlDataSource dataSource, AuditStoreSchema schema)
{
    private const int Samples = 5;
    public const string PlainRead = "plain read";
    public const string Journal = "journal";
    public const string All = "all";

    /// <summary>What may be rebuilt: everything, the journal (entries, postings, balances), or one family's snapshots.</summary>
    public static readonly string[] Selections = [All, Journal, "wallet", "merchant", "terminal", "payment"];

    private static readonly (string Table, string Key)[] JournalViews =
    [
        (JournalSchema.Entries, "entry_id, kind, posted_at, stream_id, event_id"),
        (JournalSchema.Postings, "entry_id, line, account, currency, amount_minor"),
        (JournalSchema.Balances, "account, currency, slot, balance_minor, postings"),
    ];

    /// <param name="held">The one rebuild lock (<see cref="RebuildLock.TryTakeAsync"/>): no rebuild runs without it. Its
    /// connection holds the temporary copies of the live views.</param>
    /// <param name="only">One of <see cref="Selections"/>; everything when null.</param>
    public async Task<RebuildReport> RunAsync(RebuildLock held, IProgress<RebuildStep>? progress, CancellationToken ct, string? only = null)
    {
        only ??= All;
        if (!Selections.Contains(only)) throw new ArgumentException($"'{only}' is not one of {string.Join(", ", Selections)}.", nameof(only));
        var s = schema.Name;
        var live = held.Connection;
        // Each snapshot reads only its own stream family's events: its rate is over those.
        var docViews = new (string Name, string Table, Type Family, Func<JasperFx.Events.Daemon.IProjectionDaemon, Task> Rebuild)[]
        {
            ("wallet", Table<Wallet>(), typeof(IWalletEvent), d => d.RebuildProjectionAsync<Wallet>(ct)),
            ("merchant", Table<Merchant>(), typeof(IMerchantEvent), d => d.RebuildProjectionAsync<Merchant>(ct)),
            ("terminal", Table<Terminal>(), typeof(ITerminalEvent), d => d.RebuildProjectionAsync<Terminal>(ct)),
            ("payment", Table<Payment>(), typeof(IPaymentEvent), d => d.RebuildProjectionAsync<Payment>(ct)),
        }.Where(v => only is All || only == v.Name).ToArray();
        var journal = only is All or Journal;
        // The lock's session may have run a rebuild before (the command line's loop, a test): its copies are replaced.
        foreach (var (table, columns) in journal ? JournalViews : [])
            await Sql.ExecuteAsync(live, $"drop table if exists pg_temp.live_{table}; create temporary table live_{table} as select {columns} from {s}.{table}", ct);
        foreach (var (_, table, _, _) in docViews)
            await Sql.ExecuteAsync(live, $"drop table if exists pg_temp.live_{table}; create temporary table live_{table} as select id, data from {s}.{table}", ct);

        var events = await Sql.ScalarAsync<long>(live, $"select count(*) from {s}.mt_events", ct);
        progress?.Report(new RebuildStep(PlainRead, 0, events));
        var clock = Stopwatch.StartNew();
        await using (var read = Sql.Command(live, $"select data from {s}.mt_events order by seq_id"))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) _ = reader.GetString(0);
        var plainRead = clock.Elapsed;
        progress?.Report(new RebuildStep(PlainRead, events, events));

        var views = new List<ViewRebuild>();
        if (journal)
        {
            clock.Restart();
            progress?.Report(new RebuildStep(Journal, 0, events));
            var replayed = await new JournalRebuilder(store, dataSource, s).RebuildAsync(
                progress is null ? null : new InlineProgress<long>(n => progress.Report(new RebuildStep(Journal, n, events))), ct);
            progress?.Report(new RebuildStep(Journal, events, events));
            var journalTook = clock.Elapsed;
            foreach (var (table, columns) in JournalViews)
                views.Add(await CompareAsync(live, table, columns, replayed, journalTook, ct));
        }

        using var daemon = await store.BuildProjectionDaemonAsync();
        foreach (var (_, table, family, rebuild) in docViews)
        {
            var names = EventStore.EventTypeNames.StoredNames(family.IsAssignableFrom);
            var familyEvents = await Sql.ScalarAsync<long>(live, $"select count(*) from {s}.mt_events where type = any($1)", ct, (object)names);
            progress?.Report(new RebuildStep(table, 0, familyEvents));
            clock.Restart();
            await rebuild(daemon);
            views.Add(await CompareAsync(live, table, "id, data", familyEvents, clock.Elapsed, ct));
            progress?.Report(new RebuildStep(table, familyEvents, familyEvents));
        }
        return new RebuildReport(events, plainRead, views);
    }

    private static string Table<T>() => EventStore.DocumentTables.Name(typeof(T));

    private async Task<ViewRebuild> CompareAsync(NpgsqlConnection live, string table, string columns, long events, TimeSpan took, CancellationToken ct)
    {
        var s = schema.Name;
        var missing = await Sql.ScalarAsync<long>(live, $"select count(*) from (select {columns} from live_{table} except all select {columns} from {s}.{table}) d", ct);
        var extra = await Sql.ScalarAsync<long>(live, $"select count(*) from (select {columns} from {s}.{table} except all select {columns} from live_{table}) d", ct);
        var samples = new List<string>();
        if (missing + extra > 0)
        {
            await using var cmd = Sql.Command(live,
                $"(select 'live only: ' || row(d.*)::text from (select {columns} from live_{table} except all select {columns} from {s}.{table}) d limit {Samples}) " +
                $"union all (select 'rebuilt only: ' || row(d.*)::text from (select {columns} from {s}.{table} except all select {columns} from live_{table}) d limit {Samples})");
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) samples.Add(reader.GetString(0));
        }
        return new ViewRebuild(table, events, took, missing, extra, samples);
    }
}
