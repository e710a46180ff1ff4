using Ledger.Domain;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Audit;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// A ledger on its own throwaway database with the audit trail wired as in the service, driven by hand
/// (no hosted loop): tests chain, checkpoint and then tamper with the stored log, so none can share one.
/// </summary>
public sealed class AuditedLedger : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly ServiceProvider _services;
    private readonly string _keyPath;

    private AuditedLedger(TestDatabase database, ServiceProvider services, string keyPath)
    {
        _database = database;
        _services = services;
        _keyPath = keyPath;
    }

    public IServiceProvider Services => _services;
    public AuditChainWriter Chain => _services.GetRequiredService<AuditChainWriter>();
    public AuditCheckpointer Checkpoints => _services.GetRequiredService<AuditCheckpointer>();
    public AuditVerifier Verifier => _services.GetRequiredService<AuditVerifier>();
    public AuditExporter Exporter => _services.GetRequiredService<AuditExporter>();
    public AuditSigningKey Key => _services.GetRequiredService<AuditKeyRing>().Current;
    public NpgsqlDataSource DataSource => _services.GetRequiredService<NpgsqlDataSource>();
    /// <summary>The schema owner's connection (the insider with the database's keys).</summary>
    public string ConnectionString => _database.ConnectionString;

    /// <summary>The runtime role's connection: what the service connects as.</summary>
    public string RuntimeConnectionString => _database.RuntimeConnectionString;

    /// <param name="asRuntimeRole">Migrate as the owner (schema, history guards, grants) and run the ledger as the runtime
    /// role, as the service does; otherwise the ledger runs as the owner (the tamper tests play the owner's SQL through it).</param>
    /// <param name="time">The clock of checkpoints and exports (the system's when null).</param>
    public static async Task<AuditedLedger> CreateAsync(Action<AuditOptions>? configure = null, bool asRuntimeRole = false, TimeProvider? time = null)
    {
        var database = await TestDatabase.CreateAsync("ledger_audit");
        var keyPath = Path.Combine(Path.GetTempPath(), $"ledger-audit-key-{Guid.NewGuid():N}");
        if (asRuntimeRole)
        {
            await using var owner = new ServiceCollection().AddLogging().AddInfrastructure(database.ConnectionString).BuildServiceProvider();
            await owner.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
            await Ledger.Infrastructure.Database.LedgerDatabaseSecurity.ApplyAsync(owner.GetRequiredService<NpgsqlDataSource>(),
                "ledger", new NpgsqlConnectionStringBuilder(database.RuntimeConnectionString).Username, default);
        }
        var collection = new ServiceCollection().AddLogging().AddInfrastructure(asRuntimeRole ? database.RuntimeConnectionString : database.ConnectionString)
            .Configure<AuditOptions>(o =>
            {
                o.SigningKeyPath = keyPath;
                o.GapGrace = TimeSpan.Zero;
                configure?.Invoke(o);
            });
        if (time is not null) collection.AddSingleton(time);
        var services = collection.BuildServiceProvider();
        if (!asRuntimeRole) await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        return new AuditedLedger(database, services, keyPath);
    }

    /// <summary>Chains everything committed and signs a checkpoint over it.</summary>
    public async Task<AuditCheckpoint> SealAsync()
    {
        await Chain.CatchUpAsync(Timeout());
        return (await Checkpoints.CheckpointAsync(force: true, default))!;
    }

    /// <summary>A small story: a merchant with a terminal, two wallets, payments (one declined), a refund, a payout.</summary>
    public async Task<Story> RunStoryAsync()
    {
        var merchants = _services.GetRequiredService<Domain.Application.MerchantUseCases>();
        var wallets = _services.GetRequiredService<Domain.Application.WalletUseCases>();
        var payments = _services.GetRequiredService<Domain.Application.PaymentUseCases>();

        var ctx = LedgerFixture.Context();
        var merchantId = ctx.IdFor("merchant");
        await merchants.HandleAsync(new OnboardMerchant(merchantId, "Corner Shop", Currency.Of("EUR"), "DE89370400440532013000", ctx.Now), ctx, default);
        var tctx = LedgerFixture.Context();
        var terminalId = tctx.IdFor("terminal");
        await merchants.HandleAsync(new RegisterTerminal(terminalId, merchantId, "till 1", new GeoPoint(52.52, 13.40), tctx.Now), tctx, default);

        var walletIds = new List<Guid>();
        var paymentIds = new List<Guid>();
        foreach (var (name, phone, funds) in new[] { ("Ada Lovelace", "+4915112345678", 120m), ("Alan Turing", "+447700900123", 30m) })
        {
            var wctx = LedgerFixture.Context();
            var walletId = wctx.IdFor("wallet");
            walletIds.Add(walletId);
            await wallets.HandleAsync(new OpenWallet(walletId, name, phone, Currency.Of("EUR"), null, wctx.Now), wctx, default);
            await wallets.HandleAsync(new EnableFacePay(walletId, "consent-2026-01", wctx.Now), LedgerFixture.Context(), default);
            await wallets.HandleAsync(new TopUpWallet(walletId, Guid.NewGuid(), LedgerFixture.Eur(funds), "card-acquirer-ref", wctx.Now), LedgerFixture.Context(), default);
            foreach (var amount in new[] { 12.90m, 25m })
            {
                var pctx = LedgerFixture.Context();
                var payment = await payments.AuthorizeAsync(new AuthorizePayment(pctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(amount), pctx.Now), pctx, default);
                paymentIds.Add(payment.Outcome.Id);
            }
        }
        var rctx = LedgerFixture.Context();
        await payments.RefundAsync(new RefundPayment(paymentIds[0], rctx.IdFor("refund"), LedgerFixture.Eur(2.90m), "return", rctx.Now), rctx, default);
        var octx = LedgerFixture.Context();
        await wallets.HandleAsync(new PayOutWallet(walletIds[0], Guid.NewGuid(), LedgerFixture.Eur(10), "bank-ref", octx.Now), octx, default);
        return new Story(merchantId, terminalId, walletIds, paymentIds);
    }

    /// <summary>One more event on a wallet's stream (a 5.00 EUR top-up), e.g. after other streams' events.</summary>
    public async Task TopUpAsync(Guid walletId)
    {
        var ctx = LedgerFixture.Context();
        await _services.GetRequiredService<Domain.Application.WalletUseCases>()
            .HandleAsync(new TopUpWallet(walletId, Guid.NewGuid(), LedgerFixture.Eur(5), "card-acquirer-ref", ctx.Now), ctx, default);
    }

    public async Task<int> ExecuteAsync(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        cmd.CommandTimeout = 0; // bulk inserts of a million events
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>SQL as the schema owner, whatever role the ledger runs as.</summary>
    public async Task<int> ExecuteAsOwnerAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Exports everything signed (or a selection) and verifies the file offline against the service's key.</summary>
    public async Task<(ExportSummary Summary, AuditVerification Verification, string Path)> ExportAndVerifyAsync(ExportRequest? request = null)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ledger-audit-{Guid.NewGuid():N}.jsonl");
        ExportSummary summary;
        await using (var file = File.Create(path))
            summary = await Exporter.ExportAsync(request ?? new ExportRequest(null, null, []), file, default);
        var verification = await ExportVerifier.VerifyFileAsync(path, Key.PublicKey, default);
        return (summary, verification, path);
    }

    public static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        File.Delete(_keyPath);
        // Dropping can fail while a session of another role (a superuser's tool) is connected to the
        // throwaway database; a leftover database must not fail a test that passed.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _database.DisposeAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                if (attempt == 5)
                {
                    Console.Error.WriteLine($"warning: left database {_database.Name} behind: {e.MessageText}");
                    return;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }
}

public sealed record Story(Guid MerchantId, Guid TerminalId, IReadOnlyList<Guid> WalletIds, IReadOnlyList<Guid> PaymentIds);
