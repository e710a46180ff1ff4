using Ledger.Domain;
using Ledger.Domain.FacePay;
using Ledger.Domain.Fraud;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Fraud;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Integration.Tests.Fraud;

/// <summary>
/// A fresh ledger written to by the plain services (the request side, no daemon), and daemon hosts that can be
/// started and stopped on it: the async fraud views, the rule runner and the policy, as the service runs them.
/// </summary>
public sealed class FraudLedger : IAsyncDisposable
{
    public static readonly GeoPoint Berlin = new(52.52, 13.40);
    public static readonly GeoPoint Paris = new(48.8566, 2.3522);

    public LedgerFixture Ledger { get; } = new();

    public static async Task<FraudLedger> CreateAsync()
    {
        var ledger = new FraudLedger();
        await ledger.Ledger.InitializeAsync();
        return ledger;
    }

    public async ValueTask DisposeAsync() => await Ledger.DisposeAsync();

    public async Task<IHost> StartDaemonAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("LEDGER_TEST_LOGS") is "1") logging.AddSimpleConsole();
        });
        builder.Services.AddInfrastructure(Ledger.ConnectionString);
        builder.Services.AddFraud();
        var host = builder.Build();
        // The tables this composition adds (inbox, feed, fraud state): a migration's work, done as the owner here.
        await host.Services.GetRequiredService<Marten.IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await host.StartAsync();
        return host;
    }

    public async Task<Guid> TerminalAtAsync(Guid merchantId, GeoPoint location)
    {
        var context = LedgerFixture.Context();
        var terminalId = context.IdFor("terminal");
        await Ledger.Merchants.HandleAsync(new RegisterTerminal(terminalId, merchantId, "till", location, context.Now), context, default);
        return terminalId;
    }

    /// <summary>
    /// Records a failed face attempt as face pay does (its own payment stream), straight through Marten: the
    /// vision pipeline is not what these tests are about. Returns the stored event's id.
    /// </summary>
    public async Task<Guid> FailedFaceAsync(Guid merchantId, Guid terminalId, DateTimeOffset at)
    {
        var paymentId = Guid.NewGuid();
        var evidence = new FaceEvidence(FaceOutcome.NoMatch, 0.9f, 0.2f, 0.5f, null, null, 1, null, "model", "sha",
            "detector", CustomerHintKind.PhoneLastFour, 3, null, "capture-sha");
        await using var session = Ledger.Store.LightweightSession();
        session.CorrelationId = Guid.NewGuid().ToString("N");
        var stream = session.Events.StartStream<Payment>(paymentId, new FaceVerificationFailed(paymentId, null, merchantId,
            terminalId, LedgerFixture.Eur(12.90m), DeclineReason.FaceNoMatch, evidence, "face-policy", at));
        await session.SaveChangesAsync();
        return stream.Events[0].Id;
    }

    public async Task<Guid> PayAsync(Guid walletId, Guid terminalId, DateTimeOffset at)
    {
        var context = LedgerFixture.Context(now: at);
        var payment = await Ledger.Payments.AuthorizeAsync(
            new AuthorizePayment(context.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(12.90m), at), context, default);
        Assert.Equal(PaymentStatus.Authorized, payment.Outcome.Status);
        await using var session = Ledger.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(payment.Outcome.Id)).Single(e => e.Data is PaymentAuthorized).Id;
    }

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> AlertsAsync()
    {
        await using var session = Ledger.Store.QuerySession();
        return await session.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "fraud_alert_raised.v1")
            .OrderBy(e => e.Sequence).ToListAsync();
    }

    public async Task<IReadOnlyList<JasperFx.Events.IEvent>> EventsOfAsync(Guid streamId)
    {
        await using var session = Ledger.Store.QuerySession();
        return await session.Events.FetchStreamAsync(streamId);
    }

    public async Task<T?> LoadAsync<T>(Guid id) where T : class
    {
        await using var session = Ledger.Store.QuerySession();
        return await session.LoadAsync<T>(id);
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = Ledger.DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }

    public async Task<string> RowsAsync(string table)
    {
        await using var command = Ledger.DataSource.CreateCommand($"select coalesce(string_agg(id::text || ' ' || data::text, E'\\n' order by id::text), '') from ledger.{table}");
        return (string)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = Ledger.DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Waits until a daemon shard (its progression row name starts with <paramref name="shard"/>) has read up to
    /// <paramref name="sequence"/>. Not to the store's end: a filtered shard need not move over later events it skips.
    /// </summary>
    public Task CaughtUpAsync(string shard, long sequence) => Eventually.HoldsAsync(async () =>
        await ScalarAsync($"select coalesce(min(last_seq_id), -1) from ledger.mt_event_progression where name like '{shard}%'") >= sequence,
        $"{shard} read up to {sequence}");
}
