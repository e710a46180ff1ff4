using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>A ledger with one group-commit writer on a database of its own.</summary>
internal sealed class SetBasedLedger(TestDatabase? database, ServiceProvider services) : IAsyncDisposable
{
    public GroupCommitStore Store => (GroupCommitStore)services.GetRequiredService<ILedgerStore>();
    public T Get<T>() where T : notnull => services.GetRequiredService<T>();
    public IServiceProvider Services => services;

    /// <summary>The clock of scripted commands: <see cref="Context"/> counts minutes from it.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A command's answer as text (its outcome, or the name of its failure), to compare two ledgers' answers.</summary>
    public static async Task<string> AnswerAsync<T>(Func<Task<CommandResult<T>>> command)
    {
        try
        {
            var result = await command();
            var state = result.Outcome switch
            {
                Payment p => $"{p.Status} {p.DeclineReason} {p.Amount}",
                Wallet w => $"{w.Status} {w.Balance} {w.FacePayEnabled}",
                var other => other?.ToString() ?? "",
            };
            return state + (result.Replayed ? " replayed" : "");
        }
        catch (Exception e)
        {
            return e.GetType().Name;
        }
    }

    public static CommandContext Context(string key, int minute, string? reason = null) =>
        new(Actor.Operator("tests"), key, "correlation-" + key, minute > 4 ? "cause-" + key : null, "request-" + key, T0.AddMinutes(minute), reason);

    public static Money Eur(decimal amount) => Money.FromDecimal(amount, Currency.Of("EUR"));

    /// <summary>An empty wallet, opened through this ledger's group commit.</summary>
    public async Task<Guid> OpenWalletAsync()
    {
        var ctx = LedgerFixture.Context();
        var wallet = ctx.IdFor("wallet");
        await Get<WalletUseCases>().HandleAsync(new OpenWallet(wallet, "Ada Lovelace", "+4915112345678", Currency.Of("EUR"), null, ctx.Now), ctx, default);
        return wallet;
    }

    /// <summary>A top-up of <paramref name="amount"/> EUR under a fresh key.</summary>
    public static Task<CommandResult<Wallet>> TopUpAsync(WalletUseCases wallets, Guid wallet, decimal amount)
    {
        var ctx = LedgerFixture.Context();
        return wallets.HandleAsync(new TopUpWallet(wallet, ctx.IdFor("top-up"), Eur(amount), "card-acquirer-ref", ctx.Now), ctx, default);
    }

    /// <summary>Holds the only writer inside a transaction (the Marten way) until released, so what is queued meanwhile forms one batch.</summary>
    public Task<(Task Gate, TaskCompletionSource Release)> HoldWriterAsync() => HoldAsync(Store);

    /// <summary>Holds the writer of a one-writer store inside a transaction until released.</summary>
    public static async Task<(Task Gate, TaskCompletionSource Release)> HoldAsync(GroupCommitStore store)
    {
        var running = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        var gate = store.RunAsync(LedgerFixture.Context(), null, async (_, _) =>
        {
            running.SetResult();
            await release.Task;
            return 0;
        }, default);
        await running.Task;
        return (gate, release);
    }

    /// <summary>Every table a command writes, in an order that does not depend on when it was written.</summary>
    public static readonly (string What, string Sql)[] Dumps =
    [
        ("streams", "select id, type, version, tenant_id, is_archived, compacted_version from ledger.mt_streams order by id"),
        ("events", "select stream_id, version, type, data::text, mt_dotnet_type, correlation_id, causation_id, headers::text, tenant_id, " +
                   "is_archived, bdata is null from ledger.mt_events order by seq_id"),
        ("event sequence", "select count(*), max(seq_id) - min(seq_id) + 1 from ledger.mt_events"),
        ("wallets", "select id, data::text, mt_dotnet_type, mt_version, phone_number, customer_name from ledger.mt_doc_wallet order by id"),
        ("payments", "select id, data::text, mt_dotnet_type, mt_version from ledger.mt_doc_payment order by id"),
        ("payment credentials", "select id, data::text, mt_dotnet_type, mt_version from ledger.mt_doc_paymentcredential order by id"),
        ("merchants and terminals", "select id, data::text, mt_version from ledger.mt_doc_merchant union all " +
                                    "select id, data::text, mt_version from ledger.mt_doc_terminal order by 1"),
        ("idempotency records", "select id, data::text, mt_dotnet_type from ledger.mt_doc_idempotencydocument order by id"),
        ("journal entries", "select j.entry_id, j.kind, j.posted_at, j.stream_id, e.stream_id, e.version from ledger.journal_entries j " +
                            "left join ledger.mt_events e on e.id = j.event_id order by j.entry_id"),
        ("postings", "select entry_id, line, account, currency, amount_minor from ledger.journal_postings order by entry_id, line"),
        ("balances", "select account, currency, slot, balance_minor, postings from ledger.account_balances order by 1, 2, 3"),
    ];

    /// <summary>
    /// <paramref name="command"/> in a batch of two with a command that loads <paramref name="stream"/> for writing and
    /// waits while <paramref name="meanwhile"/> runs: the batch is decided before it and written after it.
    /// </summary>
    public async Task<T> DecidedBeforeAsync<TStream, T>(Guid stream, Func<Task<T>> command, Func<Task> meanwhile) where TStream : class
    {
        var (gate, release) = await HoldWriterAsync();
        var decided = Task.Run(command);
        await Until(() => Store.Waiting == 1);
        var reading = new TaskCompletionSource();
        var resume = new TaskCompletionSource();
        var waiter = Store.RunAsync(LedgerFixture.Context(), new Prefetch().ForWriting<TStream>(stream).OnlyEvents(), async (session, ct) =>
        {
            await session.LoadForWritingAsync<TStream>(stream, ct);
            reading.TrySetResult();
            await resume.Task;
            return 0;
        }, default);
        await Until(() => Store.Waiting == 2);
        release.SetResult();
        await gate;
        await reading.Task;
        await meanwhile();
        resume.SetResult();
        await waiter;
        return await decided;
    }

    /// <summary>Every table of <see cref="Dumps"/> holds the same rows in both ledgers; else the first row that differs.</summary>
    public static async Task AssertSameRowsAsync(SetBasedLedger one, SetBasedLedger other)
    {
        foreach (var (what, sql) in Dumps)
        {
            var (x, y) = (await one.RowsAsync(sql), await other.RowsAsync(sql));
            var at = Enumerable.Range(0, Math.Min(x.Count, y.Count)).FirstOrDefault(i => x[i] != y[i], Math.Min(x.Count, y.Count));
            Assert.True(x.SequenceEqual(y), $"{what} differ ({x.Count} and {y.Count} rows), first at row {at}:\n" +
                $"{x.ElementAtOrDefault(at) ?? "none"}\n{y.ElementAtOrDefault(at) ?? "none"}");
        }
    }

    /// <summary>
    /// One batch could not be written: decided on cached snapshots, it was decided again on reads and written set-based;
    /// decided on reads, its commands ran again the Marten way.
    /// </summary>
    public static void AssertDecidedAgain(SetBasedLedger ledger, bool cache)
    {
        Assert.Equal(cache ? 0 : 1, ledger.Store.SetBased.Fallbacks);
        Assert.Equal(cache ? 1 : 0, ledger.Store.SnapshotCache.Stale);
    }

    public static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the command did not queue within 30 s");
            await Task.Delay(5);
        }
    }


    /// <summary>A second service instance on the same database with the same group commit, sharing nothing else.</summary>
    public async Task<SetBasedLedger> TwinAsync()
    {
        var services = new ServiceCollection().AddLogging().AddInfrastructure(database!.ConnectionString);
        services.Configure<GroupCommitOptions>(o => (o.Writers, o.SetBased) = (1, true));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new SetBasedLedger(null, provider);
    }

    /// <summary>A second service instance on the same database, each command in a transaction of its own.</summary>
    public ServiceProvider OtherInstance() =>
        new ServiceCollection().AddLogging().AddInfrastructure(database!.ConnectionString).BuildServiceProvider();

    /// <param name="cache">Whether set-based batches decide on the snapshots the writer committed last (as shipped) or read them all.</param>
    public static async Task<SetBasedLedger> StartAsync(bool setBased, bool cache = true)
    {
        var database = await TestDatabase.CreateAsync("ledger_sb");
        var services = new ServiceCollection().AddLogging().AddInfrastructure(database.ConnectionString);
        services.Configure<GroupCommitOptions>(o => (o.Writers, o.SetBased, o.SnapshotCacheCapacity) = (1, setBased, cache ? 10_000 : 0));
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new SetBasedLedger(database, provider);
    }

    /// <summary>A stream's events counted, their first and last versions, and the stream's version: "n | 1 | n | n" when none is lost or twice.</summary>
    public Task<List<string>> VersionsAsync(Guid stream) => RowsAsync(
        "select count(*), min(version), max(version), (select version from ledger.mt_streams where id = e.stream_id) " +
        $"from ledger.mt_events e where stream_id = '{stream}' group by stream_id");

    /// <param name="ownConnection">On a connection of its own, outside the service's pool (which it would otherwise take from).</param>
    public async Task<List<string>> RowsAsync(string sql, bool ownConnection = false)
    {
        await using var own = ownConnection ? NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database!.ConnectionString) { Pooling = false }.ConnectionString) : null;
        await using var command = (own ?? services.GetRequiredService<NpgsqlDataSource>()).CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i)))));
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        // A twin shares the first instance's database, which that instance drops.
        if (database is not null) await database.DisposeAsync();
    }
}
