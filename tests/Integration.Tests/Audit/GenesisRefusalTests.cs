using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Emptying the chain used to make the service re-chain the log from genesis and re-sign whatever it held. Once any
/// checkpoint was signed, the chain writer refuses, and the service raises an alarm in readiness instead.
/// </summary>
public sealed class GenesisRefusalTests : IDisposable
{
    private readonly string _witnessDirectory = Path.Combine(Path.GetTempPath(), "ledger-genesis-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Attack_an_emptied_chain_under_signed_checkpoints_is_not_chained_again()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.WitnessDirectory = _witnessDirectory, asRuntimeRole: true);
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        await ledger.ExecuteAsOwnerAsync("truncate ledger.audit_chain");

        var refused = await Assert.ThrowsAsync<AuditHistoryRefused>(() => ledger.Chain.RunOnceAsync(default));
        Assert.Contains("checkpoints", refused.Message);
        Assert.Equal(0, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
    }

    [Fact]
    public async Task Attack_every_audit_table_emptied_is_still_remembered_by_the_witness_file()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.WitnessDirectory = _witnessDirectory, asRuntimeRole: true);
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.Services.GetRequiredService<CheckpointWitnessPublisher>().PublishNewAsync(default);

        await ledger.ExecuteAsOwnerAsync("truncate ledger.audit_chain, ledger.audit_checkpoints, ledger.audit_key_rotations, ledger.audit_gaps");

        var refused = await Assert.ThrowsAsync<AuditHistoryRefused>(() => ledger.Chain.RunOnceAsync(default));
        Assert.Contains(FileCheckpointWitness.FileName, refused.Message);
        Assert.Equal(0, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
    }

    [Fact]
    public async Task The_running_service_reports_the_refusal_in_readiness()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.WitnessDirectory = _witnessDirectory, asRuntimeRole: true);
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.ExecuteAsOwnerAsync("truncate ledger.audit_chain");
        var service = ledger.Services.GetServices<IHostedService>().OfType<AuditChainService>().Single();
        var alarm = ledger.Services.GetRequiredService<AuditAlarm>();

        await service.StartAsync(default);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (alarm.Reason is null && DateTime.UtcNow < deadline) await Task.Delay(50);
        }
        finally
        {
            await service.StopAsync(default);
        }

        var health = await new AuditAlarmHealthCheck(alarm).CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, health.Status);
        Assert.Contains("Refusing to chain from genesis", health.Description);
        Assert.Equal(0, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_chain"));
    }

    [Fact]
    public async Task A_ledger_that_never_signed_chains_from_genesis()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.WitnessDirectory = _witnessDirectory, asRuntimeRole: true);
        await ledger.RunStoryAsync();

        var pass = await ledger.Chain.RunOnceAsync(default);

        Assert.True(pass.Chained > 0);
    }

    public void Dispose()
    {
        if (Directory.Exists(_witnessDirectory)) Directory.Delete(_witnessDirectory, recursive: true);
    }
}
