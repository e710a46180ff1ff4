using JasperFx.Events.Daemon;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.EventStore.GroupCommit;
using Ledger.Infrastructure.Reads;
using Ledger.Infrastructure.Resilience;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ledger.Infrastructure;

public static class DependencyInjection
{
    /// <summary>The event store (Marten on PostgreSQL), its projections and daemon, and the application use cases.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, string connectionString,
        string schema = MartenSetup.DefaultSchema)
    {
        services.AddSingleton(_ => LedgerDataSource.Create(connectionString));
        services.AddKeyedSingleton(LedgerDataSource.PlainStatements, (_, _) => LedgerDataSource.CreatePlain(connectionString));
        services.AddMarten(sp =>
            {
                var options = new StoreOptions();
                MartenSetup.Configure(options, sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), schema);
                options.Logger(new StatementOnlyMartenLogger(
                    sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>().CreateLogger("Marten")));
                return options;
            })
            .UseLightweightSessions()
            // Hot/cold: with several API instances one holds the daemon (advisory lock) and another takes over if it dies.
            .AddAsyncDaemon(DaemonMode.HotCold);

        services.AddSingleton(TimeProvider.System);
        services.AddOptions<GroupCommitOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection("GroupCommit").Bind(o));
        services.AddSingleton<ILedgerStore>(sp =>
        {
            var groupCommit = sp.GetRequiredService<IOptions<GroupCommitOptions>>().Value;
            groupCommit.Validate();
            var store = sp.GetRequiredService<IDocumentStore>();
            return groupCommit.Writers == 0
                ? new MartenLedgerStore(store)
                : new GroupCommitStore(store, sp.GetRequiredService<Npgsql.NpgsqlDataSource>(), groupCommit, sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton<ICommandRetry, PollyCommandRetry>();
        services.AddSingleton<CommandExecutor>();
        services.AddSingleton<WalletUseCases>();
        services.AddSingleton<MerchantUseCases>();
        services.AddSingleton<PaymentUseCases>();
        services.AddSingleton(new JournalReads.Options(schema));
        services.AddSingleton<JournalReads>();
        services.AddSingleton<DailyReads>();
        services.AddSingleton<SubjectReads>();
        services.AddSingleton<StreamReads>();
        services.AddSingleton<SubjectSearch>();
        services.AddAudit(schema);
        services.AddAccess(schema);
        return services;
    }
}
