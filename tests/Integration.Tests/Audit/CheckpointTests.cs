using Ledger.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

public sealed class CheckpointTests
{
    [Fact]
    public async Task A_checkpoint_is_signed_every_n_chained_events_and_each_one_verifies()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o =>
        {
            o.BatchSize = 3;
            o.CheckpointEveryEvents = 5;
            o.CheckpointInterval = TimeSpan.FromDays(1);
        });
        await ledger.RunStoryAsync();
        await ledger.RunStoryAsync();

        var signed = new List<AuditCheckpoint>();
        while ((await ledger.Chain.RunOnceAsync(default)).Chained > 0)
            if (await ledger.Checkpoints.CheckpointAsync(force: false, default) is { } cp) signed.Add(cp);

        var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");
        Assert.True(signed.Count >= 3);
        Assert.All(signed.Zip(signed.Skip(1)), pair => Assert.True(pair.Second.Statement.Size - pair.First.Statement.Size >= 5));
        Assert.All(signed, cp => Assert.True(cp.SignatureHolds(ledger.Key.PublicKey)));
        var verification = await ledger.Verifier.VerifyAsync(default);
        Assert.Null(verification.Failure);
        Assert.Equal(signed.Count, verification.CheckpointsChecked);
        Assert.True(signed[^1].Statement.Size <= events);
    }

    [Fact]
    public async Task An_export_starting_after_earlier_checkpoints_resumes_from_their_stored_frontier()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var late = await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var (summary, verification, _) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [late.WalletIds[0]]));

        Assert.Null(verification.Failure);
        Assert.True(summary.Events > 0);
        Assert.Equal(1, verification.CheckpointsChecked);
        Assert.Equal(3, (await ledger.Verifier.VerifyAsync(default)).CheckpointsChecked);
    }

    [Fact]
    public async Task Nothing_new_means_no_new_checkpoint()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        Assert.Null(await ledger.Checkpoints.CheckpointAsync(force: true, default));
    }

    [Fact]
    public async Task The_hosted_loop_chains_and_checkpoints_on_its_own()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o =>
        {
            o.PollInterval = TimeSpan.FromMilliseconds(20);
            o.CheckpointEveryEvents = 1;
        });
        await ledger.RunStoryAsync();
        var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");
        var loop = ledger.Services.GetServices<IHostedService>().OfType<AuditChainService>().Single();

        await loop.StartAsync(default);
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (await ledger.ScalarAsync<long>("select coalesce(max(size), 0) from ledger.audit_checkpoints") < events)
            {
                Assert.True(DateTime.UtcNow < deadline, "the hosted loop did not checkpoint the log");
                await Task.Delay(20);
            }
        }
        finally
        {
            await loop.StopAsync(default);
        }
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
    }
}
