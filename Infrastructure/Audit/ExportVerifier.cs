using System.Text.Json;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit.Witness;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Checks an export file with no database: the header's (or a pinned) Ed25519 key signs every
/// checkpoint; each exported event, re-hashed from its record, matches its chain hash and links to the
/// line before it; and the Merkle tree rebuilt from the prefix, the recomputed event hashes and the
/// link hashes has exactly each checkpoint's signed root. Stops at the first failure and names it.
/// </summary>
public static class ExportVerifier
{
    private static readonly HashSet<string> RecordFields =
        ["causationId", "correlationId", "data", "headers", "id", "seq", "streamId", "timestamp", "type", "version"];

    /// <param name="trustedPublicKey">The published key to check against; null trusts the key in the file (then compare its id by eye).</param>
    /// <param name="witnessed">Checkpoints kept outside the database earlier: the export's tree must have their roots.</param>
    public static async Task<AuditVerification> VerifyAsync(TextReader input, byte[]? trustedPublicKey, CancellationToken ct,
        IReadOnlyList<WitnessedCheckpoint>? witnessed = null)
    {
        var state = new State(new WitnessCheck(witnessed ?? []));
        try
        {
            string? text;
            var lineNumber = 0;
            while ((text = await input.ReadLineAsync(ct)) is not null)
            {
                lineNumber++;
                if (text.Length == 0) continue;
                using var line = JsonDocument.Parse(text);
                if (state.Accept(line.RootElement, lineNumber, trustedPublicKey) is { } failure) return state.Result(failure);
            }
            return state.Result(state.Finish());
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return state.Result(new AuditFinding(AuditFinding.Malformed, state.LastSeq, null, $"the export is not well formed: {e.Message}"));
        }
    }

    public static async Task<AuditVerification> VerifyFileAsync(string path, byte[]? trustedPublicKey, CancellationToken ct,
        IReadOnlyList<WitnessedCheckpoint>? witnessed = null)
    {
        using var reader = new StreamReader(path);
        return await VerifyAsync(reader, trustedPublicKey, ct, witnessed);
    }

    private sealed class State(WitnessCheck witness)
    {
        private readonly Dictionary<long, long> _seqAt = [];
        private readonly List<AuditCheckpoint> _checkpoints = [];
        private readonly List<KeyRotation> _rotations = [];
        private SigningKeyHistory? _history;
        private byte[] _publicKey = [];
        private MerkleFrontier? _tree;
        private byte[]? _previous = ChainHash.Genesis;
        private int _nextCheckpoint;
        private long _events, _links;
        public long LastSeq { get; private set; }
        private string _keyId = "";

        public AuditVerification Result(AuditFinding? failure) =>
            new(_events, _links, _nextCheckpoint, LastSeq, _keyId, failure) { WitnessesAgreed = witness.Agreed };

        private long? SeqAt(long position) => _seqAt.TryGetValue(position, out var seq) ? seq : null;

        public AuditFinding? Accept(JsonElement line, int number, byte[]? trusted)
        {
            var kind = line.GetProperty("kind").GetString();
            if (number == 1 != (kind == ExportFormat.Header))
                return Malformed($"line {number}: the header must be the first line and only there");
            switch (kind)
            {
                case ExportFormat.Header:
                    if (line.GetProperty("format").GetString() is not (ExportFormat.Name or ExportFormat.NameV1))
                        return Malformed($"unknown export format '{line.GetProperty("format").GetString()}'");
                    // A pinned key need not be the header's: the key's hand-overs in the file connect them, or verification fails.
                    _publicKey = trusted ?? Convert.FromBase64String(line.GetProperty("publicKey").GetString()!);
                    _keyId = AuditSigningKey.KeyIdOf(_publicKey);
                    return null;
                case ExportFormat.Rotation:
                    if (_tree is null || _history is not null) return Malformed($"line {number}: key rotations belong between the prefix and the checkpoints");
                    _rotations.Add(new KeyRotation(KeyRotationReader.Parse(line.GetProperty("statement").GetString()!),
                        Convert.FromBase64String(line.GetProperty("oldSignature").GetString()!), Convert.FromBase64String(line.GetProperty("newSignature").GetString()!)));
                    return null;
                case ExportFormat.Prefix:
                    if (_tree is not null) return Malformed($"line {number}: a second prefix");
                    var subtrees = line.GetProperty("subtrees").EnumerateArray().Select(s => ChainHash.FromHex(s.GetString()!)).ToList();
                    _tree = MerkleFrontier.Resume(line.GetProperty("size").GetInt64(), subtrees);
                    _previous = ChainHash.FromHex(line.GetProperty("lastHash").GetString()!);
                    return null;
                case ExportFormat.Checkpoint:
                    if (_tree is null || _events + _links > 0) return Malformed($"line {number}: checkpoints belong before the events");
                    if (_history is null)
                    {
                        var (history, refused) = SigningKeyHistory.Build(_publicKey, _rotations);
                        if (refused is not null) return refused;
                        _history = history;
                        if (witness.CheckSignatures(history!.Check) is { } forged) return forged;
                    }
                    var statement = new CheckpointStatement(line.GetProperty("seq").GetInt64(), line.GetProperty("size").GetInt64(),
                        line.GetProperty("root").GetString()!, line.GetProperty("head").GetString()!, line.GetProperty("at").GetString()!);
                    var cp = new AuditCheckpoint(statement, line.GetProperty("keyId").GetString()!, _history!.KeyFor(statement.Size),
                        Convert.FromBase64String(line.GetProperty("signature").GetString()!));
                    if (_history.Check(cp) is { } bad) return bad;
                    if (_checkpoints.Count > 0 && cp.Statement.Size <= _checkpoints[^1].Statement.Size)
                        return Malformed($"line {number}: checkpoints out of order");
                    _checkpoints.Add(cp);
                    return null;
                case ExportFormat.Event or ExportFormat.Link:
                    return Entry(line, kind == ExportFormat.Event, number);
                case ExportFormat.Gap:
                    return Gap(line, number);
                case ExportFormat.Missing:
                    return new AuditFinding(AuditFinding.Missing, line.GetProperty("seq").GetInt64(), line.GetProperty("eventId").GetGuid(),
                        $"event {line.GetProperty("eventId").GetGuid()} was chained at seq {line.GetProperty("seq").GetInt64()} and is gone from the log (deleted or moved)");
                case ExportFormat.Unchained:
                    var stray = Record(line.GetProperty("record"));
                    return new AuditFinding(AuditFinding.Unchained, stray.Seq, stray.EventId,
                        $"{AuditVerifier.Describe(stray)} is in the log but was never chained: it was inserted afterwards");
                default:
                    return Malformed($"line {number}: unknown kind '{kind}'");
            }
        }

        private AuditFinding? Entry(JsonElement line, bool isEvent, int number)
        {
            if (_tree is null || _checkpoints.Count == 0) return Malformed($"line {number}: events before the prefix and checkpoints");
            var seq = line.GetProperty("seq").GetInt64();
            var position = line.GetProperty("position").GetInt64();
            if (seq <= LastSeq || position != _tree.Count + 1)
                return new AuditFinding(AuditFinding.ChainBroken, seq, null,
                    $"line {number} (seq {seq}, position {position}) does not follow seq {LastSeq} at position {_tree.Count}: lines removed or reordered");
            var claimed = ChainHash.FromHex(line.GetProperty("hash").GetString()!);
            byte[] hash;
            if (isEvent)
            {
                var record = Record(line.GetProperty("record"));
                if (record.Seq != seq) return Malformed($"line {number}: the record says seq {record.Seq}, the line {seq}");
                // After a gap the previous chain hash is not in the file: the Merkle root then vouches for prevHash,
                // because the event's hash computed from it must be the leaf the checkpoint signed.
                var prevHash = ChainHash.FromHex(line.GetProperty("prevHash").GetString()!);
                _previous ??= prevHash;
                if (!prevHash.AsSpan().SequenceEqual(_previous))
                    return new AuditFinding(AuditFinding.ChainBroken, seq, record.EventId,
                        $"{AuditVerifier.Describe(record)} does not link to the line before it: an event before it was removed or reordered");
                hash = ChainHash.Link(_previous, record);
                if (!hash.AsSpan().SequenceEqual(claimed))
                    return new AuditFinding(AuditFinding.Altered, seq, record.EventId,
                        $"{AuditVerifier.Describe(record)} does not match its chain hash: its data or metadata changed after it was chained");
                _events++;
            }
            else
            {
                hash = claimed;
                _links++;
            }
            _tree.Add(hash);
            _previous = hash;
            LastSeq = seq;
            if (witness.Count > 0) _seqAt[_tree.Count] = seq;
            for (; _nextCheckpoint < _checkpoints.Count && _checkpoints[_nextCheckpoint].Statement.Size == _tree.Count; _nextCheckpoint++)
                if (CheckpointVerdict.Check(_checkpoints[_nextCheckpoint], _tree, seq, hash, _checkpoints.ElementAtOrDefault(_nextCheckpoint - 1)) is { } bad)
                    return bad;
            return witness.After(_tree, SeqAt);
        }

        /// <summary>A run of unselected events given as aligned subtree roots: grows the tree past them, never across a checkpoint's end.</summary>
        private AuditFinding? Gap(JsonElement line, int number)
        {
            if (_tree is null || _checkpoints.Count == 0) return Malformed($"line {number}: events before the prefix and checkpoints");
            var (position, size) = (line.GetProperty("position").GetInt64(), line.GetProperty("size").GetInt64());
            var (firstSeq, lastSeq) = (line.GetProperty("firstSeq").GetInt64(), line.GetProperty("lastSeq").GetInt64());
            if (firstSeq <= LastSeq || position != _tree.Count + 1 || size < 1 || lastSeq < firstSeq + size - 1)
                return new AuditFinding(AuditFinding.ChainBroken, firstSeq, null,
                    $"line {number} (seq {firstSeq}..{lastSeq}, positions {position}..{position + size - 1}) does not follow seq {LastSeq} at position {_tree.Count}: lines removed or reordered");
            var end = _tree.Count + size;
            if (_checkpoints.FirstOrDefault(c => c.Statement.Size > _tree.Count && c.Statement.Size <= end) is { } spanned)
                return Malformed($"line {number}: a gap covers the end of the checkpoint at seq {spanned.Statement.Seq}, whose last event must have its own line");
            var blocks = MerkleFrontier.AlignedBlocks(_tree.Count, size);
            var roots = line.GetProperty("subtrees").EnumerateArray().Select(s => ChainHash.FromHex(s.GetString()!)).ToList();
            if (roots.Count != blocks.Count)
                return Malformed($"line {number}: {size} events after position {_tree.Count} form {blocks.Count} aligned subtrees, not {roots.Count}");
            for (var i = 0; i < blocks.Count; i++) _tree.AddSubtree(blocks[i], roots[i]);
            _links += size;
            LastSeq = lastSeq;
            _previous = null;
            return witness.After(_tree, SeqAt);
        }

        public AuditFinding? Finish()
        {
            if (_tree is null || _checkpoints.Count == 0) return Malformed("the export has no prefix or no checkpoint");
            if (_nextCheckpoint < _checkpoints.Count)
                return new AuditFinding(AuditFinding.Missing, _checkpoints[_nextCheckpoint].Statement.Seq, null,
                    $"the export ends at position {_tree.Count} before the checkpoint over {_checkpoints[_nextCheckpoint].Statement.Size} events: lines were removed");
            return witness.Finish(_tree.Count, wholeLog: false);
        }

        private AuditFinding Malformed(string message) => new(AuditFinding.Malformed, LastSeq, null, message);

        private static AuditRecord Record(JsonElement r)
        {
            foreach (var field in r.EnumerateObject())
                if (!RecordFields.Contains(field.Name)) throw new FormatException($"unexpected record field '{field.Name}' (not covered by the hash)");
            return new AuditRecord(
                r.GetProperty("seq").GetInt64(), r.GetProperty("id").GetGuid(), NullableGuid(r.GetProperty("streamId")),
                r.GetProperty("version").GetInt64(), r.GetProperty("type").GetString()!, r.GetProperty("timestamp").GetString()!,
                r.GetProperty("correlationId").GetString(), r.GetProperty("causationId").GetString(),
                r.GetProperty("headers") is { ValueKind: JsonValueKind.Null } ? null : r.GetProperty("headers").Clone(),
                r.GetProperty("data").Clone());
        }

        private static Guid? NullableGuid(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetGuid();
    }
}
