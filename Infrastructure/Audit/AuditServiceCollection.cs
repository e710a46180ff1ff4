using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Ledger.Infrastructure.Audit.Witness;

namespace Ledger.Infrastructure.Audit;

public static class AuditServiceCollection
{
    /// <summary>
    /// The audit trail: chain writer, checkpointer (with its hosted loop), verifier and exporter.
    /// Options come from the configuration section <c>Audit</c> when there is a configuration.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, string schema)
    {
        services.AddOptions<AuditOptions>().Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection("Audit").Bind(o))
            .Validate(o => Domain.Audit.CheckpointNote.IsValidOrigin(o.Origin),
                "Audit:LogOrigin must be 1 to 255 printable ASCII characters without spaces or '+' (a schema-less URL such as ledger.example.com/production)");
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AuditOptions>>().Value);
        services.AddSingleton(new AuditStoreSchema(schema));
        services.AddSingleton<AuditKeyRing>();
        services.AddSingleton<AuditKeyRotator>();
        services.AddSingleton<FileCheckpointWitness>();
        services.AddSingleton<ICheckpointWitness>(sp => sp.GetRequiredService<FileCheckpointWitness>());
        services.AddSingleton<CheckpointWitnessPublisher>();
        services.AddSingleton<AuditAlarm>();
        services.AddHealthChecks().AddCheck<AuditAlarmHealthCheck>(AuditAlarmHealthCheck.Name, tags: ["ready"]);
        services.AddSingleton<AuditChainWriter>();
        services.AddSingleton<AuditCheckpointer>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditExporter>();
        services.AddSingleton<AuditConsistency>();
        services.AddSingleton<AuditCheckpoints>();
        services.AddSingleton<AuditKeyRevoker>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AuditOptions>().Enabled
            ? ActivatorUtilities.CreateInstance<AuditChainService>(sp)
            : new NoBackgroundWork());
        return services;
    }

    private sealed class NoBackgroundWork : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
