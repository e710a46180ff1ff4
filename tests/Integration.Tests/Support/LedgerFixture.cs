using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Reads;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Support;

/// <summary>The real infrastructure on a fresh database: Marten, projections, journal, use cases.</summary>
public class LedgerFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServiceProvider? _services;

    public IServiceProvider Services => _services!;
    public string ConnectionString => _database!.ConnectionString;
    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();
    public WalletUseCases Wallets => Services.GetRequiredService<WalletUseCases>();
    public MerchantUseCases Merchants => Services.GetRequiredService<MerchantUseCases>();
    public PaymentUseCases Payments => Services.GetRequiredService<PaymentUseCases>();
    public JournalReads Journal => Services.GetRequiredService<JournalReads>();
    public NpgsqlDataSource DataSource => Services.GetRequiredService<NpgsqlDataSource>();

    /// <summary>0: each command commits alone (the default); more: commands share transactions (group commit).</summary>
    protected virtual int GroupCommitWriters => 0;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("ledger_it");
        var services = new ServiceCollection().AddLogging().AddInfrastructure(_database.ConnectionString);
        if (GroupCommitWriters > 0) services.Configure<GroupCommitOptions>(o => o.Writers = GroupCommitWriters);
        _services = services.BuildServiceProvider();
        await Store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (_database is not null) await _database.DisposeAsync();
    }

    public static CommandContext Context(string? key = null, DateTimeOffset? now = null) =>
        new(Actor.Operator("tests"), key ?? Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), null,
            Guid.NewGuid().ToString("N"), now ?? DateTimeOffset.UtcNow);

    public static Money Eur(decimal amount) => Money.FromDecimal(amount, Currency.Of("EUR"));

    /// <summary>A merchant with one active terminal.</summary>
    public async Task<(Guid MerchantId, Guid TerminalId)> MerchantWithTerminalAsync(string name = "Corner Shop")
    {
        var ctx = Context();
        var merchantId = ctx.IdFor("merchant");
        await Merchants.HandleAsync(new OnboardMerchant(merchantId, name, Currency.Of("EUR"), "DE89370400440532013000", ctx.Now), ctx, default);
        var tctx = Context();
        var terminalId = tctx.IdFor("terminal");
        await Merchants.HandleAsync(new RegisterTerminal(terminalId, merchantId, "till 1", new GeoPoint(52.52, 13.40), tctx.Now), tctx, default);
        return (merchantId, terminalId);
    }

    /// <summary>An active, face-pay-enabled wallet holding <paramref name="balance"/>.</summary>
    public async Task<Guid> FundedWalletAsync(Money balance, WalletLimits? limits = null)
    {
        var ctx = Context();
        var walletId = ctx.IdFor("wallet");
        await Wallets.HandleAsync(new OpenWallet(walletId, "Ada Lovelace", "+4915112345678", balance.Currency, limits, ctx.Now), ctx, default);
        await Wallets.HandleAsync(new EnableFacePay(walletId, "consent-2026-01", ctx.Now), Context(), default);
        if (balance.IsPositive)
            await Wallets.HandleAsync(new TopUpWallet(walletId, Guid.NewGuid(), balance, "card-acquirer-ref", ctx.Now), Context(), default);
        return walletId;
    }
}

[CollectionDefinition(Name)]
public sealed class LedgerCollection : ICollectionFixture<LedgerFixture>
{
    public const string Name = "ledger on PostgreSQL";
}

/// <summary>The same ledger with group commit: two writers, commands sharing transactions.</summary>
public sealed class GroupCommitLedgerFixture : LedgerFixture
{
    public const int Writers = 2;
    protected override int GroupCommitWriters => Writers;
}

[CollectionDefinition(Name)]
public sealed class GroupCommitCollection : ICollectionFixture<GroupCommitLedgerFixture>
{
    public const string Name = "ledger on PostgreSQL with group commit";
}
