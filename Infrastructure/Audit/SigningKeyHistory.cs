using Ledger.Domain.Audit;

namespace Ledger.Infrastructure.Audit;

/// <summary>A rotation as stored and exported: the statement and the signatures of the key handing over and the key taking over.</summary>
public sealed record KeyRotation(KeyRotationStatement Statement, byte[] OldSignature, byte[] NewSignature)
{
    public byte[] OldKey => Convert.FromBase64String(Statement.OldPublicKey);
    public byte[] NewKey => Convert.FromBase64String(Statement.NewPublicKey);

    public bool SignaturesHold =>
        AuditSigningKey.Verify(OldKey, Statement.SignedBytes(), OldSignature) && AuditSigningKey.Verify(NewKey, Statement.SignedBytes(), NewSignature);
}

/// <summary>
/// Which key must have signed a checkpoint over a given number of events, from the rotations in order.
/// Each rotation must be signed by both of its keys and take over from the key before it; the trusted key
/// (pinned, or configured) must be one of the chain's keys. Shared by the offline and the database verifier.
/// </summary>
public sealed class SigningKeyHistory
{
    private readonly List<(long AfterSize, byte[] Key)> _keys;
    private readonly Dictionary<long, string> _rootsAtHandOver;

    private SigningKeyHistory(List<(long, byte[])> keys, Dictionary<long, string> roots) => (_keys, _rootsAtHandOver) = (keys, roots);

    public int Rotations => _keys.Count - 1;

    public static (SigningKeyHistory? History, AuditFinding? Failure) Build(byte[] trusted, IReadOnlyList<KeyRotation> rotations)
    {
        var keys = new List<(long, byte[])> { (0, rotations.Count > 0 ? rotations[0].OldKey : trusted) };
        var roots = new Dictionary<long, string>();
        foreach (var r in rotations)
        {
            var s = r.Statement;
            if (!r.SignaturesHold)
                return (null, Refused(s.LastSeq, $"the key rotation after seq {s.LastSeq} to key {Id(r.NewKey)} is not signed by both keys"));
            if (!keys[^1].Item2.AsSpan().SequenceEqual(r.OldKey) || s.LastSize < keys[^1].Item1)
                return (null, Refused(s.LastSeq, $"the key rotation after seq {s.LastSeq} does not take over from key {Id(keys[^1].Item2)}"));
            keys.Add((s.LastSize, r.NewKey));
            if (s.LastRoot.Length > 0) roots[s.LastSize] = s.LastRoot;
        }
        if (!keys.Any(k => k.Item2.AsSpan().SequenceEqual(trusted)))
            return (null, Refused(0, $"the trusted key {Id(trusted)} is none of the keys that signed this log ({string.Join(", ", keys.Select(k => Id(k.Item2)))})"));
        return (new SigningKeyHistory(keys, roots), null);
    }

    /// <summary>The key for a checkpoint over <paramref name="size"/> events: the last one taken over before that size.</summary>
    public byte[] KeyFor(long size) => _keys.Last(k => k.AfterSize < size).Key;

    /// <summary>The key the last hand-over took over to (the first key when there was none): the one in charge now.</summary>
    public byte[] Newest => _keys[^1].Key;

    public AuditFinding? Check(AuditCheckpoint checkpoint)
    {
        var s = checkpoint.Statement;
        var key = KeyFor(s.Size);
        if (!checkpoint.SignatureHolds(key))
            return Refused(s.Seq, $"the checkpoint at seq {s.Seq} is not signed by key {Id(key)}, the key in charge over {s.Size} events");
        if (_rootsAtHandOver.TryGetValue(s.Size, out var root) && root != s.Root)
            return Refused(s.Seq, $"the checkpoint at seq {s.Seq} is not the one the key rotation after it vouches for (root {root})");
        return null;
    }

    private static AuditFinding Refused(long seq, string message) => new(AuditFinding.BadSignature, seq, null, message);

    private static string Id(byte[] key) => AuditSigningKey.KeyIdOf(key);
}
