using System.Diagnostics.Metrics;
using Ledger.Infrastructure.Diagnostics;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// Group commit on <c>/metrics</c> (docs/OPERATIONS.md): commands over transactions is the batch size the writers reach;
/// a rising share of fallbacks or lost races means writers or instances contend for the same streams.
/// </summary>
internal static class GroupCommitMetrics
{
    private static readonly Counter<long> Transactions = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.transactions",
        "{transaction}", "Group commit transactions committed.");
    private static readonly Counter<long> Commands = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.commands",
        "{command}", "Commands in committed group commit transactions.");
    private static readonly Counter<long> SetBased = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.set_based",
        "{command}", "Commands decided in memory and written set-based.");
    private static readonly Counter<long> Fallbacks = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.fallbacks",
        "{batch}", "Set-based batches that could not be written and ran again, each command the Marten way.");
    private static readonly Counter<long> CachedBatches = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.cached_batches",
        "{batch}", "Set-based batches decided on cached snapshots, without a read round trip.");
    private static readonly Counter<long> StaleBatches = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.stale_batches",
        "{batch}", "Set-based batches whose cached snapshots failed a check at write and were decided again on reads.");
    private static readonly Counter<long> LostRaces = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.lost_races",
        "{command}", "Commands that lost a race for a stream (deadlock, serialization, version) and were answered to retry.");

    private static readonly Counter<double> StageSeconds = LedgerMeter.Meter.CreateCounter<double>("ledger.group_commit.stage_duration",
        "s", "Time the writers' transactions spent in each stage (GroupCommitStage): which round trip or work bounds the rate.");

    // One tag a stage, made once: the writers add to it on every stage of every transaction.
    private static readonly KeyValuePair<string, object?>[] StageTags = Enum.GetValues<GroupCommitStage>()
        .Select(s => new KeyValuePair<string, object?>("stage", string.Concat(s.ToString().Select((c, i) =>
            i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())))).ToArray();

    public static void InStage(GroupCommitStage stage, TimeSpan time) => StageSeconds.Add(time.TotalSeconds, StageTags[(int)stage]);

    public static void Committed(int commands)
    {
        Transactions.Add(1);
        Commands.Add(commands);
    }

    public static void WrittenSetBased(int commands) => SetBased.Add(commands);

    public static void FellBack() => Fallbacks.Add(1);

    public static void LostRace() => LostRaces.Add(1);

    public static void DecidedOnCache() => CachedBatches.Add(1);

    public static void FoundStale() => StaleBatches.Add(1);
}
