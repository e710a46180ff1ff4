using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Infrastructure;
using Ledger.Infrastructure.EventStore;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Database;

/// <summary>The service's connections keep the statements a payment repeats prepared, so PostgreSQL plans each once.</summary>
[Collection(LedgerCollection.Name)]
public sealed class StatementPreparationTests(LedgerFixture fixture)
{
    [Fact]
    public async Task A_payment_prepares_its_statements_on_the_connection_and_the_next_payments_reuse_them()
    {
        var (_, terminal) = await fixture.MerchantWithTerminalAsync("Prepared Shop");
        var wallet = await fixture.FundedWalletAsync(LedgerFixture.Eur(100));
        // One connection, so every payment below runs on the one whose prepared statements are read after.
        await using var services = new ServiceCollection().AddLogging()
            .AddInfrastructure(new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { MaxPoolSize = 1 }.ConnectionString)
            .BuildServiceProvider();
        var payments = services.GetRequiredService<PaymentUseCases>();
        for (var i = 0; i < 3; i++)
        {
            var ctx = LedgerFixture.Context();
            await payments.AuthorizeAsync(new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, LedgerFixture.Eur(1), ctx.Now), ctx, default);
        }

        await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using var read = new NpgsqlCommand("select statement from pg_prepared_statements", connection);
        var prepared = new List<string>();
        await using (var reader = await read.ExecuteReaderAsync())
            while (await reader.ReadAsync()) prepared.Add(reader.GetString(0));
        Assert.Contains(prepared, s => s.Contains("insert into ledger.journal_entries", StringComparison.Ordinal));
        Assert.Contains(prepared, s => s.Contains("mt_quick_append_events", StringComparison.Ordinal));
        Assert.Contains(prepared, s => s.Contains("mt_doc_idempotencydocument", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=db;Username=ledger", 128)]
    [InlineData("Host=db;Username=ledger;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=ledger;Max Auto Prepare=20", 20)]
    public void A_connection_string_that_sets_preparation_keeps_it(string given, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(LedgerDataSource.WithPreparation(given)).MaxAutoPrepare);
}
