using System.Numerics;
using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>
/// Compares a history being verified with checkpoints witnessed earlier (kept outside the database): at each
/// witnessed size the rebuilt tree must have the witnessed root. Signatures prove only who signed; a witness proves
/// what was signed then, so history rewritten and re-signed with the real key still fails here. On a
/// disagreement the frontiers at that size (both fold to their roots) name the first run of positions that differs.
/// </summary>
public sealed class WitnessCheck(IReadOnlyList<WitnessedCheckpoint> witnessed)
{
    private int _next;
    private long _agreedSize;

    public int Agreed => _next;
    public int Count => witnessed.Count;

    /// <summary>Checks the witnesses that signed the signatures' key would accept (call once, before the events).</summary>
    public AuditFinding? CheckSignatures(Func<AuditCheckpoint, AuditFinding?> check)
    {
        foreach (var w in witnessed)
            if (check(w.Checkpoint) is { } bad)
                return new AuditFinding(AuditFinding.BadSignature, w.Statement.Seq, null,
                    $"the witnessed checkpoint at seq {w.Statement.Seq} is not signed by the ledger's key: {bad.Message}");
        return null;
    }

    /// <summary>After each leaf (or block of leaves) added to <paramref name="tree"/>; <paramref name="seqAt"/> maps a position to its seq, when known.</summary>
    public AuditFinding? After(MerkleFrontier tree, Func<long, long?> seqAt)
    {
        for (; _next < witnessed.Count && witnessed[_next].Statement.Size <= tree.Count; _next++)
        {
            var w = witnessed[_next];
            if (w.Statement.Size < tree.Count)
                return new AuditFinding(AuditFinding.WitnessNotCovered, w.Statement.Seq, null,
                    $"the witnessed checkpoint over {w.Statement.Size} events is summed up inside this export's prefix or a gap, " +
                    "so its root cannot be compared: export the whole log (or a time range through that position) to check it");
            if (ChainHash.ToHex(tree.Root()) != w.Statement.Root)
                return Diverged(w, tree, seqAt);
            _agreedSize = w.Statement.Size;
        }
        return null;
    }

    /// <summary>
    /// After an export's last line, the witnessed checkpoints past it against the newest checkpoint the service signed
    /// when it made the export (its signed statement): one witnessed before then over more events means the log had been
    /// cut back; one of the same size must have the same root. Others cannot be compared from the file.
    /// </summary>
    public AuditFinding? BeyondExport(CheckpointRef latest, string exportedAt)
    {
        for (; _next < witnessed.Count; _next++)
        {
            var w = witnessed[_next];
            var before = Instant(w.Statement.At) <= Instant(exportedAt);
            if (w.Statement.Size == latest.Size && w.Statement.Root != latest.Root)
                return new AuditFinding(AuditFinding.WitnessMismatch, w.Statement.Seq, null,
                    $"the service's newest checkpoint when it made this export (seq {latest.Seq}, {latest.Size} events) has another root than the " +
                    $"checkpoint witnessed at {w.Statement.At} over the same events: history up to position {latest.Size} was rewritten and re-signed");
            if (w.Statement.Size == latest.Size) continue;
            if (w.Statement.Size > latest.Size && before)
                return new AuditFinding(AuditFinding.WitnessMismatch, w.Statement.Seq, null,
                    $"a checkpoint over {w.Statement.Size} events was witnessed at {w.Statement.At}, but when this export was made ({exportedAt}) " +
                    $"the service's newest checkpoint was over {latest.Size}: history after position {latest.Size} had been removed");
            return new AuditFinding(AuditFinding.WitnessNotCovered, w.Statement.Seq, null,
                $"the witnessed checkpoint over {w.Statement.Size} events lies after this export's end (position {latest.Size} at most when it " +
                $"was made{(before ? "" : ", and it was witnessed later")}: GET /v1/audit/consistency?from=...&to=... proves two checkpoints consistent)");
        }
        return null;
    }

    private static DateTimeOffset Instant(string at) => DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When the history ends: a witnessed checkpoint beyond it means the history was cut back (or the export stops early).</summary>
    public AuditFinding? Finish(long size, bool wholeLog)
    {
        if (_next >= witnessed.Count) return null;
        var w = witnessed[_next];
        return wholeLog
            ? new AuditFinding(AuditFinding.WitnessMismatch, w.Statement.Seq, null,
                $"a checkpoint over {w.Statement.Size} events up to seq {w.Statement.Seq} was witnessed at {w.Statement.At}, " +
                $"but the log now holds {size}: history after position {Math.Max(size, _agreedSize)} was removed")
            : new AuditFinding(AuditFinding.WitnessNotCovered, w.Statement.Seq, null,
                $"the export ends at position {size}, before the witnessed checkpoint over {w.Statement.Size} events: export up to it to check it");
    }

    private AuditFinding Diverged(WitnessedCheckpoint w, MerkleFrontier tree, Func<long, long?> seqAt)
    {
        // Same size, so the same shape: the first complete subtree whose roots differ holds the first changed leaf.
        var ours = tree.Subtrees;
        var start = 0L;
        var bits = w.Statement.Size;
        for (var i = 0; i < ours.Count; i++)
        {
            var height = 63 - BitOperations.LeadingZeroCount((ulong)bits);
            var span = 1L << height;
            bits -= span;
            if (!ours[i].AsSpan().SequenceEqual(w.Frontier[i]))
            {
                var (first, last) = (Math.Max(start, _agreedSize) + 1, start + span);
                var seqs = seqAt(first) is { } a && seqAt(last) is { } b ? $" (seq {a}..{b})" : "";
                return new AuditFinding(AuditFinding.WitnessMismatch, seqAt(first) ?? w.Statement.Seq, null,
                    $"history disagrees with the checkpoint witnessed at {w.Statement.At} over {w.Statement.Size} events up to seq {w.Statement.Seq}: " +
                    $"the first difference is among positions {first}..{last}{seqs}; events there were changed, removed or reordered " +
                    "after they were witnessed, whatever the stored signatures say");
            }
            start += span;
        }
        return new AuditFinding(AuditFinding.WitnessMismatch, w.Statement.Seq, null,
            $"history disagrees with the checkpoint witnessed at {w.Statement.At} over {w.Statement.Size} events up to seq {w.Statement.Seq}");
    }
}
