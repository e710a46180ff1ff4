using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Runs the chain writer and the checkpointer in the service. An event is chained within about one
/// <see cref="AuditOptions.PollInterval"/> of its commit (longer only while a lower sequence number is
/// still in flight), and signed at the next checkpoint.
/// </summary>
public sealed class AuditChainService(AuditChainWriter writer, AuditCheckpointer checkpointer, AuditOptions options,
    Witness.CheckpointWitnessPublisher witnesses, AuditAlarm alarm, ILogger<AuditChainService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await writer.RunOnceAsync(stoppingToken);
                await checkpointer.CheckpointAsync(force: false, stoppingToken);
                await WitnessAsync(stoppingToken);
                failures = 0;
                alarm.Clear();
                if (pass.Chained == 0 && pass.GapsPassed == 0) await Task.Delay(options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (AuditHistoryRefused e)
            {
                // Not a transient failure: nothing is chained or signed until the history is restored.
                if (alarm.Reason is null) log.LogCritical("{Alarm}", e.Message);
                alarm.Raise(e.Message);
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
            catch (Exception e)
            {
                // The log stays appendable while the chain lags; keep trying with a growing pause.
                failures++;
                log.LogError(e, "Audit chain pass failed ({Failures} in a row)", failures);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, failures * 2)), stoppingToken);
            }
        }
    }

    /// <summary>A witness that cannot be read or reached must not slow the chain: it is retried on the next pass.</summary>
    private async Task WitnessAsync(CancellationToken ct)
    {
        try
        {
            await witnesses.PublishNewAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Publishing audit checkpoints to their witnesses failed; retrying on the next pass");
        }
    }
}
