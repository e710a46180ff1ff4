using Ledger.Domain.Application;
using Ledger.Domain.PaymentCodes;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.PaymentCodes;
using Ledger.Infrastructure.Terminals;

namespace Ledger.Api.Payments;

public static class PaymentCodeServices
{
    /// <summary>Payment credentials (keys sealed by Ledger:MasterKey) and payment by code, under <see cref="PaymentCodePolicy.Default"/>.</summary>
    public static WebApplicationBuilder AddPaymentCodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IPaymentCredentialKeys>(sp => new PaymentCredentialKeyStore(
            sp.GetRequiredKeyedService<Npgsql.NpgsqlDataSource>(LedgerDataSource.PlainStatements), sp.GetRequiredService<SecretSealer>(),
            sp.GetRequiredService<Marten.IDocumentStore>().Options.Serializer(), MartenSetup.DefaultSchema));
        builder.Services.AddSingleton(PaymentCodePolicy.Default);
        builder.Services.AddSingleton<PaymentCodeUseCases>();
        return builder;
    }
}
