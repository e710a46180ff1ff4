using System.Text.Json;
using Ledger.Domain.Audit;

namespace Ledger.Verifier;

/// <summary>
/// Checks an export file with no database: the header's (or a pinned) Ed25519 key signs every
/// checkpoint and the export statement; each exported event, re-hashed from its record, matches its chain hash and
/// links to the line before it; the Merkle tree rebuilt from the prefix, the recomputed event hashes and the
/// link hashes has exactly each checkpoint's signed root; and the events are exactly the signed selection: no line
/// past the covering checkpoint, no event of the selection hidden as a link or in a gap, no other event, no field
/// that no signature covers. Stops at the first failure and names it.
/// </summary>
public static class ExportVerifier
{

    /// <param name="trustedPublicKey">The published key to check against; null trusts the key in the file (then compare its id by eye).</param>
    /// <param name="witnessed">Checkpoints kept outside the database earlier: the export's tree must have their roots.</param>
    /// <param name="expectedLog">The log the export must be of (its origin, as published with the key); null accepts the one it names.</param>
    /// <param name="knownKeys">The key's history as published (<c>GET /v1/audit/keys</c>, <c>--keys</c>): hand-overs and revocations the
    /// file may not carry, e.g. because it was forged with a leaked key by someone who left them out.</param>
    public static async Task<AuditVerification> VerifyAsync(TextReader input, byte[]? trustedPublicKey, CancellationToken ct,
        IReadOnlyList<WitnessedCheckpoint>? witnessed = null, string? expectedLog = null,
        (IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations)? knownKeys = null)
    {
        var state = new State(new WitnessCheck(witnessed ?? []), expectedLog, knownKeys);
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
        IReadOnlyList<WitnessedCheckpoint>? witnessed = null, string? expectedLog = null,
        (IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations)? knownKeys = null)
    {
        using var reader = new StreamReader(path);
        return await VerifyAsync(reader, trustedPublicKey, ct, witnessed, expectedLog, knownKeys);
    }

    /// <summary>The members each kind of line has, all of them and no other: a field outside the signed data would be read unchecked.</summary>
    private static readonly Dictionary<string, string[]> LineMembers = new()
    {
        [ExportFormat.Header] = ["kind", "format", "statement", "statementKeyId", "statementSignature", "publicKey", "keyId"],
        [ExportFormat.Prefix] = ["kind", "size", "subtrees", "lastHash"],
        [ExportFormat.Rotation] = ["kind", "statement", "oldSignature", "newSignature"],
        [ExportFormat.Revocation] = ["kind", "statement", "signedBy", "signature"],
        [ExportFormat.Checkpoint] = ["kind", "seq", "size", "root", "head", "at", "origin", "keyId", "signature"],
        [ExportFormat.Consistency] = ["kind", "fromSize", "toSize", "proof"],
        [ExportFormat.Event] = ["kind", "seq", "position", "prevHash", "hash", "record"],
        [ExportFormat.Link] = ["kind", "seq", "position", "hash"],
        [ExportFormat.Gap] = ["kind", "position", "size", "firstSeq", "lastSeq", "subtrees"],
        [ExportFormat.Missing] = ["kind", "seq", "position", "eventId", "hash"],
        [ExportFormat.Unchained] = ["kind", "record"],
    };

    private sealed class State(WitnessCheck witness, string? expectedLog,
        (IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations)? knownKeys)
    {
        private readonly List<KeyRevocation> _revocations = [];
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
        private ExportStatement? _statement;
        private string _statementKeyId = "";
        private byte[] _statementSignature = [];
        private bool _statementHolds;
        private bool _consistencyProven;
        private readonly Dictionary<Guid, long> _nextVersion = [];

        public AuditVerification Result(AuditFinding? failure) =>
            new(_events, _links, _nextCheckpoint, LastSeq, _keyId, failure)
            {
                WitnessesAgreed = witness.Agreed, Statement = _statementHolds ? _statement : null,
            };

        private long? SeqAt(long position) => _seqAt.TryGetValue(position, out var seq) ? seq : null;

        public AuditFinding? Accept(JsonElement line, int number, byte[]? trusted)
        {
            var kind = line.GetProperty("kind").GetString();
            if (number == 1 != (kind == ExportFormat.Header))
                return Malformed($"line {number}: the header must be the first line and only there");
            if (kind == ExportFormat.Header && line.GetProperty("format").GetString() is { } format && ExportFormat.TooOld.Contains(format))
                return new AuditFinding(AuditFinding.FormatTooOld, 0, null,
                    $"the export is in format '{format}', whose header is not signed: nothing in it proves the selection complete or the " +
                    $"file uncut. Export the same selection again (ledger audit export, GET /v1/audit/export) to get '{ExportFormat.Name}': " +
                    "the history it holds has not changed, so the same events verify");
            if (kind is null || !LineMembers.ContainsKey(kind)) return Malformed($"line {number}: unknown kind '{kind}'");
            JsonMembers.Exactly(line, LineMembers[kind], $"line {number} ({kind})");
            switch (kind)
            {
                case ExportFormat.Header:
                    if (line.GetProperty("format").GetString() != ExportFormat.Name)
                        return Malformed($"unknown export format '{line.GetProperty("format").GetString()}'");
                    var headerKey = Convert.FromBase64String(JsonMembers.Text(line, "publicKey"));
                    if (line.GetProperty("keyId").GetString() != AuditKeys.KeyIdOf(headerKey))
                        return Malformed("line 1: the header's key id is not the id of its public key");
                    // A pinned key need not be the header's: the key's hand-overs in the file connect them, or verification fails.
                    _publicKey = trusted ?? headerKey;
                    _keyId = AuditKeys.KeyIdOf(_publicKey);
                    _statement = ExportStatement.Parse(JsonMembers.Text(line, "statement"));
                    _statementKeyId = JsonMembers.Text(line, "statementKeyId");
                    _statementSignature = Convert.FromBase64String(JsonMembers.Text(line, "statementSignature"));
                    foreach (var stream in _statement.Streams) _nextVersion[stream.Id] = 1;
                    return null;
                case ExportFormat.Rotation:
                    if (_tree is null || _history is not null) return Malformed($"line {number}: key rotations belong between the prefix and the checkpoints");
                    if (_revocations.Count > 0) return Malformed($"line {number}: key rotations belong before the revocations");
                    _rotations.Add(KeyHistoryFile.ReadRotation(line));
                    return null;
                case ExportFormat.Revocation:
                    if (_tree is null || _history is not null) return Malformed($"line {number}: key revocations belong between the rotations and the checkpoints");
                    _revocations.Add(KeyHistoryFile.ReadRevocation(line));
                    return null;
                case ExportFormat.Prefix:
                    if (_tree is not null) return Malformed($"line {number}: a second prefix");
                    var subtrees = line.GetProperty("subtrees").EnumerateArray().Select(s => ChainHash.FromHex(s.GetString() ?? throw new FormatException("a null hash"))).ToList();
                    _tree = MerkleFrontier.Resume(line.GetProperty("size").GetInt64(), subtrees);
                    _previous = ChainHash.FromHex(JsonMembers.Text(line, "lastHash"));
                    return null;
                case ExportFormat.Checkpoint:
                    if (_tree is null || _events + _links > 0) return Malformed($"line {number}: checkpoints belong before the events");
                    if (_history is null)
                    {
                        if (Merged(_rotations, knownKeys?.Rotations ?? []) is not { } rotations)
                            return new AuditFinding(AuditFinding.BadSignature, 0, null,
                                "the export's key hand-overs disagree with the published key history (--keys): one of them is not the log's");
                        var (history, refused) = SigningKeyHistory.Build(_publicKey, rotations,
                            [.. _revocations, .. knownKeys?.Revocations ?? []]);
                        if (refused is not null) return refused;
                        _history = history;
                        if (witness.CheckSignatures(history!.Check) is { } forged) return forged;
                        if (CheckStatement(history) is { } unsigned) return unsigned;
                    }
                    var statement = new CheckpointStatement(line.GetProperty("seq").GetInt64(), line.GetProperty("size").GetInt64(),
                        JsonMembers.Text(line, "root"), JsonMembers.Text(line, "head"), JsonMembers.Text(line, "at"),
                        line.GetProperty("origin").GetString());
                    // Checkpoints signed before logs had names carry none; every named one must name this export's log.
                    if (statement.Origin is { } origin && origin != _statement!.Log)
                        return new AuditFinding(AuditFinding.LogMismatch, statement.Seq, null,
                            $"line {number}: the checkpoint at seq {statement.Seq} is of the log '{origin}', the export of '{_statement.Log}': checkpoints of another ledger");
                    var cp = new AuditCheckpoint(statement, JsonMembers.Text(line, "keyId"), _history!.KeyFor(statement.Size),
                        Convert.FromBase64String(JsonMembers.Text(line, "signature")));
                    if (_history.Check(cp) is { } bad) return bad;
                    if (_checkpoints.Count > 0 && cp.Statement.Size <= _checkpoints[^1].Statement.Size)
                        return Malformed($"line {number}: checkpoints out of order");
                    if (cp.Statement.Size > _statement!.Covering.Size)
                        return new AuditFinding(AuditFinding.UnsignedTail, cp.Statement.Seq, null,
                            $"line {number}: a checkpoint over {cp.Statement.Size} events, past the one the export statement says covers it ({_statement.Covering.Size})");
                    _checkpoints.Add(cp);
                    return null;
                case ExportFormat.Consistency:
                    return Consistency(line, number);
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
                        $"{AuditFinding.Describe(stray)} is in the log but was never chained: it was inserted afterwards");
                default:
                    return Malformed($"line {number}: unknown kind '{kind}'");
            }
        }

        /// <summary>The proof that the newest checkpoint at export time extends the covering one (both named in the signed statement).</summary>
        private AuditFinding? Consistency(JsonElement line, int number)
        {
            if (_checkpoints.Count == 0 || _consistencyProven || _events + _links > 0)
                return Malformed($"line {number}: the consistency proof belongs once, right after the checkpoints");
            var (from, to) = (_statement!.Covering, _statement.Latest);
            if (line.GetProperty("fromSize").GetInt64() != from.Size || line.GetProperty("toSize").GetInt64() != to.Size)
                return Malformed($"line {number}: the consistency proof is not from the covering checkpoint ({from.Size} events) to the newest ({to.Size})");
            var proof = line.GetProperty("proof").EnumerateArray().Select(h => ChainHash.FromHex(h.GetString() ?? throw new FormatException("a null hash"))).ToList();
            if (!ConsistencyProof.Verify(from.Size, to.Size, ChainHash.FromHex(from.Root), ChainHash.FromHex(to.Root), proof))
                return new AuditFinding(AuditFinding.Inconsistent, to.Seq, null,
                    $"the newest checkpoint when the export was made (seq {to.Seq}, {to.Size} events) does not extend the covering one " +
                    $"(seq {from.Seq}, {from.Size} events): the log was rewritten after the covering checkpoint was signed, or the proof was edited");
            _consistencyProven = true;
            return null;
        }

        /// <summary>
        /// The statement must be signed by the key in charge when the export was made, the newest of the file's hand-overs
        /// (the published history may know later ones), and that key must not have been revoked since.
        /// </summary>
        private AuditFinding? CheckStatement(SigningKeyHistory history)
        {
            var key = history.KeyAt(_rotations.Count);
            if (_statementKeyId != AuditKeys.KeyIdOf(key) || !AuditKeys.Verify(key, _statement!.SignedBytes(), _statementSignature))
                return new AuditFinding(AuditFinding.BadSignature, 0, null,
                    $"the export statement (its selection, time and checkpoints) is not signed by key {AuditKeys.KeyIdOf(key)}, " +
                    "the key in charge when it was made: the header was edited or comes from another export");
            if (history.CheckStatementKey(key) is { } revoked) return revoked;
            _statementHolds = true;
            if (expectedLog is not null && _statement.Log != expectedLog)
                return new AuditFinding(AuditFinding.LogMismatch, 0, null,
                    $"the export is of the log '{_statement.Log}', not of '{expectedLog}': another ledger's (or another environment's) history");
            return null;
        }

        /// <summary>An event line must be of the signed selection and, for whole streams, the next version of its stream.</summary>
        private AuditFinding? Selected(AuditRecord record, int number)
        {
            var statement = _statement!;
            if (!statement.Selects(record.StreamId, record.Timestamp))
                return new AuditFinding(AuditFinding.OutsideSelection, record.Seq, record.EventId,
                    $"line {number}: {AuditFinding.Describe(record)} is outside the signed selection");
            if (!statement.WholeStreams) return null;
            var expected = _nextVersion[record.StreamId!.Value];
            if (record.Version != expected)
                return new AuditFinding(AuditFinding.IncompleteSelection, record.Seq, record.EventId,
                    $"version {expected} of stream {record.StreamId} is not in the export before {AuditFinding.Describe(record)}: " +
                    "an event of the selection was hidden (as a link or in a gap) or removed");
            _nextVersion[record.StreamId.Value] = expected + 1;
            return null;
        }

        /// <summary>Every line must be covered by the checkpoint the statement names: nothing past it is signed.</summary>
        private AuditFinding? PastCovering(long seq, int number) =>
            _tree!.Count > _statement!.Covering.Size
                ? new AuditFinding(AuditFinding.UnsignedTail, seq, null,
                    $"line {number} (seq {seq}) is past the covering checkpoint over {_statement.Covering.Size} events: no signature covers it")
                : null;

        private AuditFinding? Entry(JsonElement line, bool isEvent, int number)
        {
            if (_tree is null || _checkpoints.Count == 0) return Malformed($"line {number}: events before the prefix and checkpoints");
            var seq = line.GetProperty("seq").GetInt64();
            var position = line.GetProperty("position").GetInt64();
            if (seq <= LastSeq || position != _tree.Count + 1)
                return new AuditFinding(AuditFinding.ChainBroken, seq, null,
                    $"line {number} (seq {seq}, position {position}) does not follow seq {LastSeq} at position {_tree.Count}: lines removed or reordered");
            var claimed = ChainHash.FromHex(JsonMembers.Text(line, "hash"));
            byte[] hash;
            if (isEvent)
            {
                var record = Record(line.GetProperty("record"));
                if (record.Seq != seq) return Malformed($"line {number}: the record says seq {record.Seq}, the line {seq}");
                if (Selected(record, number) is { } unselected) return unselected;
                // After a gap the previous chain hash is not in the file: the Merkle root then vouches for prevHash,
                // because the event's hash computed from it must be the leaf the checkpoint signed.
                var prevHash = ChainHash.FromHex(JsonMembers.Text(line, "prevHash"));
                _previous ??= prevHash;
                if (!prevHash.AsSpan().SequenceEqual(_previous))
                    return new AuditFinding(AuditFinding.ChainBroken, seq, record.EventId,
                        $"{AuditFinding.Describe(record)} does not link to the line before it: an event before it was removed or reordered");
                hash = ChainHash.Link(_previous, record);
                if (!hash.AsSpan().SequenceEqual(claimed))
                    return new AuditFinding(AuditFinding.Altered, seq, record.EventId,
                        $"{AuditFinding.Describe(record)} does not match its chain hash: its data or metadata changed after it was chained");
                _events++;
            }
            else
            {
                hash = claimed;
                _links++;
            }
            _tree.Add(hash);
            if (PastCovering(seq, number) is { } tail) return tail;
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
            var roots = line.GetProperty("subtrees").EnumerateArray().Select(s => ChainHash.FromHex(s.GetString() ?? throw new FormatException("a null hash"))).ToList();
            if (roots.Count != blocks.Count)
                return Malformed($"line {number}: {size} events after position {_tree.Count} form {blocks.Count} aligned subtrees, not {roots.Count}");
            for (var i = 0; i < blocks.Count; i++) _tree.AddSubtree(blocks[i], roots[i]);
            if (PastCovering(firstSeq, number) is { } tail) return tail;
            _links += size;
            LastSeq = lastSeq;
            _previous = null;
            return witness.After(_tree, SeqAt);
        }

        public AuditFinding? Finish()
        {
            if (_tree is null || _checkpoints.Count == 0) return Malformed("the export has no prefix or no checkpoint");
            if (_nextCheckpoint < _checkpoints.Count)
                return new AuditFinding(AuditFinding.IncompleteSelection, _checkpoints[_nextCheckpoint].Statement.Seq, null,
                    $"the export ends at position {_tree.Count} before the checkpoint over {_checkpoints[_nextCheckpoint].Statement.Size} events: lines were cut");
            var statement = _statement!;
            var last = _checkpoints[^1].Statement;
            if (last.Seq != statement.Covering.Seq || last.Size != statement.Covering.Size || last.Root != statement.Covering.Root)
                return new AuditFinding(AuditFinding.IncompleteSelection, last.Seq, null,
                    $"the export ends at the checkpoint at seq {last.Seq} over {last.Size} events, but its signed statement names the one at seq " +
                    $"{statement.Covering.Seq} over {statement.Covering.Size}: the file was cut back or its checkpoints swapped");
            if (_events != statement.Events)
                return new AuditFinding(AuditFinding.IncompleteSelection, LastSeq, null,
                    $"the export holds {_events} events of the selection; its signed statement says {statement.Events}: " +
                    "events were hidden (as links or in gaps) or removed");
            if (statement.WholeStreams && statement.Streams.FirstOrDefault(s => _nextVersion[s.Id] - 1 != s.Head) is { } cut)
                return new AuditFinding(AuditFinding.IncompleteSelection, LastSeq, null,
                    $"stream {cut.Id} ends at version {_nextVersion[cut.Id] - 1} in the export; its signed head is version {cut.Head}");
            if (statement.Latest.Size > statement.Covering.Size ? !_consistencyProven : statement.Latest != statement.Covering)
                return Malformed(statement.Latest.Size > statement.Covering.Size
                    ? "the export lacks the consistency proof from its covering checkpoint to the newest one its statement names"
                    : "the statement's newest checkpoint is the covering one's size with another root or seq");
            return witness.BeyondExport(statement.Latest, statement.ExportedAt) ?? witness.Finish(_tree.Count, wholeLog: false);
        }

        /// <summary>The file's hand-overs and the published ones: one list must begin with the other (null when they disagree).</summary>
        private static IReadOnlyList<KeyRotation>? Merged(IReadOnlyList<KeyRotation> inFile, IReadOnlyList<KeyRotation> published)
        {
            var (shorter, longer) = inFile.Count <= published.Count ? (inFile, published) : (published, inFile);
            for (var i = 0; i < shorter.Count; i++)
                if (shorter[i].Statement.CanonicalText() != longer[i].Statement.CanonicalText()) return null;
            return longer;
        }

        private AuditFinding Malformed(string message) => new(AuditFinding.Malformed, LastSeq, null, message);

        private static AuditRecord Record(JsonElement r) => AuditRecord.FromJson(r);
    }
}
