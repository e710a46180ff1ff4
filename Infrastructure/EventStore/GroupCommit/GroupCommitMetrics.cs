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
    private static readonly Counter<long> LostRaces = LedgerMeter.Meter.CreateCounter<long>("ledger.group_commit.lost_races",
        "{command}", "Commands that lost a race for a stream (deadlock, serialization, version) and were answered to retry.");

    public static void Committed(int commands)
    {
        Transactions.Add(1);
        Commands.Add(commands);
    }

    public static void WrittenSetBased(int commands) => SetBased.Add(commands);

    public static void FellBack() => Fallbacks.Add(1);

    public static void LostRace() => LostRaces.Add(1);
}
