using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>A rotation as stored and exported: the statement and the signatures of the key handing over and the key taking over.</summary>
public sealed record KeyRotation(KeyRotationStatement Statement, byte[] OldSignature, byte[] NewSignature)
{
    public byte[] OldKey => Convert.FromBase64String(Statement.OldPublicKey);
    public byte[] NewKey => Convert.FromBase64String(Statement.NewPublicKey);

    /// <summary>The statement from its canonical text; any other spelling would not be what was signed, and fails the signatures.</summary>
    public static KeyRotationStatement Parse(string canonical)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(canonical);
        var r = doc.RootElement;
        if (r.GetProperty("format").GetString() != KeyRotationStatement.Format)
            throw new FormatException($"unknown key rotation format '{r.GetProperty("format").GetString()}'");
        return new KeyRotationStatement(JsonMembers.Text(r, "oldPublicKey"), JsonMembers.Text(r, "newPublicKey"),
            r.GetProperty("lastSeq").GetInt64(), r.GetProperty("lastSize").GetInt64(), JsonMembers.Text(r, "lastRoot"), JsonMembers.Text(r, "at"));
    }

    public bool SignaturesHold =>
        AuditKeys.Verify(OldKey, Statement.SignedBytes(), OldSignature) && AuditKeys.Verify(NewKey, Statement.SignedBytes(), NewSignature);
}

/// <summary>
/// Which key must have signed a checkpoint over a given number of events, from the rotations in order, and which of
/// those keys were declared compromised. Each rotation must be signed by both of its keys and take over from the key
/// before it; the trusted key (pinned, or configured) must be one of the chain's keys; a revocation must name a key of
/// the chain and be signed by a key that took over from it. Shared by the offline and the database verifier and the exporter.
/// </summary>
public sealed class SigningKeyHistory
{
    private readonly List<(long AfterSize, byte[] Key)> _keys;
    private readonly Dictionary<long, string> _rootsAtHandOver;
    private readonly Dictionary<string, KeyRevocationStatement> _revoked = [];

    private SigningKeyHistory(List<(long, byte[])> keys, Dictionary<long, string> roots) => (_keys, _rootsAtHandOver) = (keys, roots);

    public int Rotations => _keys.Count - 1;

    public static (SigningKeyHistory? History, AuditFinding? Failure) Build(byte[] trusted, IReadOnlyList<KeyRotation> rotations,
        IReadOnlyList<KeyRevocation>? revocations = null)
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
        var history = new SigningKeyHistory(keys, roots);
        foreach (var revocation in revocations ?? [])
            if (history.Revoke(revocation) is { } refused) return (null, refused);
        return (history, null);
    }

    /// <summary>Records a revocation once it holds: of a key of this chain, signed by a key that took over from it.</summary>
    private AuditFinding? Revoke(KeyRevocation revocation)
    {
        var s = revocation.Statement;
        var revoked = _keys.FindIndex(k => k.Key.AsSpan().SequenceEqual(revocation.RevokedKey));
        var signer = _keys.FindIndex(k => k.Key.AsSpan().SequenceEqual(revocation.SignedBy));
        if (revoked < 0) return Refused(0, $"a revocation names key {Id(revocation.RevokedKey)}, which never signed this log");
        if (signer <= revoked || !revocation.SignatureHolds)
            return Refused(0, $"the revocation of key {Id(revocation.RevokedKey)} is not signed by a key that took over from it");
        // Several revocations of one key: the strictest counts (a holder of the leaked key can only make it stricter).
        var name = Convert.ToBase64String(revocation.RevokedKey);
        if (!_revoked.TryGetValue(name, out var earlier) || s.TrustedUpToSize < earlier.TrustedUpToSize) _revoked[name] = s;
        return null;
    }

    /// <summary>The revocation of <paramref name="key"/>, if it was declared compromised.</summary>
    public KeyRevocationStatement? RevocationOf(byte[] key) => _revoked.GetValueOrDefault(Convert.ToBase64String(key));

    /// <summary>
    /// Refuses an export statement signed by a revoked key: statements name no size a revocation could bound, and the
    /// leaked key can sign any of them with any date. Export again: the key in charge now signs the same history.
    /// </summary>
    public AuditFinding? CheckStatementKey(byte[] key) => RevocationOf(key) is { } revocation
        ? new AuditFinding(AuditFinding.KeyRevoked, 0, null,
            $"the export statement is signed by key {Id(key)}, revoked as compromised at {revocation.At} ({revocation.Reason}): " +
            "nothing it signs now can be told from a forgery. Export the same selection again: the key in charge signs the same history")
        : null;

    /// <summary>The key for a checkpoint over <paramref name="size"/> events: the last one taken over before that size.</summary>
    public byte[] KeyFor(long size) => _keys.Last(k => k.AfterSize < size).Key;

    /// <summary>The key in charge after <paramref name="handOvers"/> hand-overs (0: the first key).</summary>
    public byte[] KeyAt(int handOvers) => _keys[Math.Min(handOvers, _keys.Count - 1)].Key;

    /// <summary>The key the last hand-over took over to (the first key when there was none): the one in charge now.</summary>
    public byte[] Newest => _keys[^1].Key;

    public AuditFinding? Check(AuditCheckpoint checkpoint)
    {
        var s = checkpoint.Statement;
        var key = KeyFor(s.Size);
        if (RevocationOf(key) is { } revocation && s.Size > revocation.TrustedUpToSize)
            return new AuditFinding(AuditFinding.KeyRevoked, s.Seq, null,
                $"the checkpoint at seq {s.Seq} over {s.Size} events is signed by key {Id(key)}, revoked as compromised at {revocation.At} " +
                $"({revocation.Reason}); its signatures count only up to {revocation.TrustedUpToSize} events");
        if (RevocationOf(key) is { } bounded && s.Size == bounded.TrustedUpToSize && bounded.TrustedRoot.Length > 0 && bounded.TrustedRoot != s.Root)
            return Refused(s.Seq, $"the checkpoint at seq {s.Seq} is not the last one the revocation of key {Id(key)} vouches for (root {bounded.TrustedRoot})");
        if (!checkpoint.SignatureHolds(key))
            return Refused(s.Seq, $"the checkpoint at seq {s.Seq} is not signed by key {Id(key)}, the key in charge over {s.Size} events");
        if (_rootsAtHandOver.TryGetValue(s.Size, out var root) && root != s.Root)
            return Refused(s.Seq, $"the checkpoint at seq {s.Seq} is not the one the key rotation after it vouches for (root {root})");
        return null;
    }

    /// <summary>True when a checkpoint's signature still counts: its key is not revoked below its size.</summary>
    public bool Trusts(AuditCheckpoint checkpoint) =>
        RevocationOf(KeyFor(checkpoint.Statement.Size)) is not { } revocation || checkpoint.Statement.Size <= revocation.TrustedUpToSize;

    private static AuditFinding Refused(long seq, string message) => new(AuditFinding.BadSignature, seq, null, message);

    private static string Id(byte[] key) => AuditKeys.KeyIdOf(key);
}
