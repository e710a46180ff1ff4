using System.Text.Json;
using Ledger.Domain.Audit;
using Npgsql;
using NpgsqlTypes;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Writes the selected events with everything needed to check them offline (see <see cref="ExportFormat"/>).
/// Only events covered by a signed checkpoint are exported: the rest are counted as not yet signed.
/// The exporter reports what it finds, damage included; it never repairs.
/// </summary>
public sealed class AuditExporter(NpgsqlDataSource dataSource, AuditStoreSchema store, TimeProvider time, AuditKeyRing keys, AuditOptions options)
{
    /// <param name="progress">Chain positions written so far out of those the export covers, every 10,000 and at the end.</param>
    public async Task<ExportSummary> ExportAsync(ExportRequest request, Stream output, CancellationToken ct, IProgress<(long Done, long Total)>? progress = null)
    {
        var schema = store.Name;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var (rotations, revocations) = await KeyHistoryLines.ReadAsync(connection, schema, ct);
        // Signed by the key in charge now, as the next checkpoint would be.
        var signer = rotations.Count > 0 ? keys.Expect(rotations[^1].NewKey) : keys.Current;
        var (history, refused) = SigningKeyHistory.Build(signer.PublicKey, rotations, revocations);
        if (refused is not null) throw new AuditExportException($"The signing key's history does not hold: {refused.Message}. Run 'ledger audit verify-db'.");
        // Checkpoints a revoked key signed beyond what it is still trusted for prove nothing: a later one covers them.
        var checkpoints = (await CheckpointReader.AllAsync(connection, schema, ct)).Where(history!.Trusts).ToList();
        if (checkpoints.Count == 0)
            throw new AuditExportException("No signed checkpoint yet: nothing can be verified. Wait for the next checkpoint and retry.");
        var latest = checkpoints[^1].Statement;

        var (selection, parameters) = Selection(request);
        var notYetSigned = await CountAsync($"select count(*) from {schema}.mt_events e where e.seq_id > {latest.Seq} and {selection}");
        await using var range = Sql.Command(connection,
            $"select min(c.position), max(c.seq) from {schema}.{AuditSchema.Chain} c join {schema}.mt_events e on e.seq_id = c.seq " +
            $"where c.seq <= {latest.Seq} and {selection}");
        range.Parameters.AddRange(parameters());
        long firstPosition, lastSelectedSeq;
        await using (var reader = await range.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            if (reader.IsDBNull(0))
                throw new AuditExportException(notYetSigned > 0
                    ? $"The {notYetSigned} matching events are not covered by a signed checkpoint yet; retry after the next one."
                    : "No event matches the selection.");
            (firstPosition, lastSelectedSeq) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        var coverCheckpoint = checkpoints.First(c => c.Statement.Seq >= lastSelectedSeq);
        var cover = coverCheckpoint.Statement;
        // A whole period carries every checkpoint it spans, each checked against the events; a stream selection needs
        // only the covering one, whose root commits to everything before it, so runs of other events are not cut at each.
        List<AuditCheckpoint> included = request.Streams.Count > 0
            ? [coverCheckpoint]
            : checkpoints.Where(c => c.Statement.Size >= firstPosition && c.Statement.Size <= cover.Size).ToList();
        var (prefix, prefixSeq, lastHash) = await PrefixAsync(connection, schema, firstPosition - 1, ct);
        var statement = new ExportStatement(AuditRecord.FormatTimestamp(time.GetUtcNow()),
            request.From is { } from ? AuditRecord.FormatTimestamp(from) : null, request.To is { } to ? AuditRecord.FormatTimestamp(to) : null,
            await StreamHeadsAsync(), Ref(cover), Ref(latest),
            await CountAsync($"select count(*) from {schema}.{AuditSchema.Chain} c join {schema}.mt_events e on e.seq_id = c.seq where c.seq <= {cover.Seq} and {selection}"),
            options.Origin);

        var lineWriter = new JsonLines(output);
        lineWriter.Write(w => WriteHeader(w, statement, signer));
        lineWriter.Write(w => WritePrefix(w, prefix, lastHash));
        KeyHistoryLines.Write(lineWriter, rotations, revocations);
        foreach (var cp in included) lineWriter.Write(w => WriteCheckpoint(w, cp));
        if (latest.Size > cover.Size)
        {
            // The log at export time extends the covering tree: what the export shows was not rewritten since.
            var proof = await ConsistencyProver.ProveAsync(connection, schema, cover.Size, latest.Size, ct);
            lineWriter.Write(w => WriteConsistency(w, cover.Size, latest.Size, proof));
        }

        await using var lines = Sql.Command(connection,
            $"select c.seq, c.position, c.event_id, c.hash, c.prev_hash, coalesce({selection}, false), " +
            // Other streams' events are written as their chain hash only: their content is not even read.
            $"{StoredEventReader.ColumnsWhen($"c.seq is null or coalesce({selection}, false)")} " +
            $"from {schema}.{AuditSchema.Chain} c full join {schema}.mt_events e on e.seq_id = c.seq " +
            $"where coalesce(c.seq, e.seq_id) > {prefixSeq} and coalesce(c.seq, e.seq_id) <= {cover.Seq} and {AuditSchema.NotALateTombstone(schema)} " +
            "order by coalesce(c.seq, e.seq_id)");
        lines.Parameters.AddRange(parameters());
        long events = 0, links = 0, firstSeq = 0, lastSeq = 0;
        var run = new LinkRun();
        var (rows, total) = (0L, cover.Size - prefix.Count);
        // The leaf a checkpoint ends on keeps its own line: the verifier checks the checkpoint's head against it.
        var checkpointEnds = included.Select(c => c.Statement.Size).ToHashSet();
        await using (var reader = await lines.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                if (++rows % 10_000 == 0) progress?.Report((rows, total));
                if (!reader.IsDBNull(0) && !reader.GetBoolean(5) && !reader.IsDBNull(6))
                {
                    var (linkSeq, position, hash) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetFieldValue<byte[]>(3));
                    links++;
                    if (!checkpointEnds.Contains(position))
                    {
                        run.Add(linkSeq, position, hash);
                        continue;
                    }
                    run.Flush(lineWriter);
                    LinkRun.WriteLink(lineWriter, linkSeq, position, hash);
                    continue;
                }
                run.Flush(lineWriter);
                var json = lineWriter.Start();
                json.WriteStartObject();
                if (reader.IsDBNull(0))
                {
                    json.WriteString("kind", ExportFormat.Unchained);
                    json.WritePropertyName("record");
                    json.WriteRawValue(StoredEventReader.Read(reader, 6).CanonicalText(), skipInputValidation: true);
                }
                else
                {
                    var seq = reader.GetInt64(0);
                    var present = !reader.IsDBNull(6);
                    json.WriteString("kind", present ? ExportFormat.Event : ExportFormat.Missing);
                    json.WriteNumber("seq", seq);
                    json.WriteNumber("position", reader.GetInt64(1));
                    if (!present) json.WriteString("eventId", reader.GetGuid(2));
                    if (present)
                    {
                        json.WriteString("prevHash", ChainHash.ToHex(reader.GetFieldValue<byte[]>(4)));
                        json.WriteString("hash", ChainHash.ToHex(reader.GetFieldValue<byte[]>(3)));
                        json.WritePropertyName("record");
                        json.WriteRawValue(StoredEventReader.Read(reader, 6).CanonicalText(), skipInputValidation: true);
                        events++;
                        if (firstSeq == 0) firstSeq = seq;
                        lastSeq = seq;
                    }
                    else
                    {
                        json.WriteString("hash", ChainHash.ToHex(reader.GetFieldValue<byte[]>(3)));
                    }
                }
                json.WriteEndObject();
                lineWriter.End();
            }
        run.Flush(lineWriter);
        progress?.Report((total, total));
        await output.FlushAsync(ct);
        await tx.CommitAsync(ct);
        return new ExportSummary(events, links, included.Count, firstSeq, lastSeq, notYetSigned);

        async Task<long> CountAsync(string sql)
        {
            await using var cmd = Sql.Command(connection, sql);
            cmd.Parameters.AddRange(parameters());
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }

        async Task<IReadOnlyList<StreamHead>> StreamHeadsAsync()
        {
            var heads = request.Streams.Distinct().ToDictionary(id => id, _ => 0L);
            if (heads.Count == 0) return [];
            await using var cmd = Sql.Command(connection,
                $"select e.stream_id, max(e.version) from {schema}.mt_events e where e.stream_id = any($1) and e.seq_id <= {cover.Seq} group by e.stream_id",
                heads.Keys.ToArray());
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) heads[reader.GetGuid(0)] = reader.GetInt64(1);
            return heads.Select(h => new StreamHead(h.Key, h.Value)).ToList();
        }

        void WriteHeader(Utf8JsonWriter w, ExportStatement signed, AuditSigningKey signer)
        {
            w.WriteStartObject();
            w.WriteString("kind", ExportFormat.Header);
            w.WriteString("format", ExportFormat.Name);
            w.WriteString("statement", signed.CanonicalText());
            w.WriteString("statementKeyId", signer.KeyId);
            w.WriteString("statementSignature", Convert.ToBase64String(signer.Sign(signed.SignedBytes())));
            // The key that signed the covering checkpoint; a verifier should pin the published one instead of trusting this.
            w.WriteString("publicKey", Convert.ToBase64String(coverCheckpoint.PublicKey));
            w.WriteString("keyId", AuditKeys.KeyIdOf(coverCheckpoint.PublicKey));
            w.WriteEndObject();
        }
    }

    private static CheckpointRef Ref(CheckpointStatement s) => new(s.Seq, s.Size, s.Root);

    private static void WritePrefix(Utf8JsonWriter w, MerkleFrontier prefix, byte[] lastHash)
    {
        w.WriteStartObject();
        w.WriteString("kind", ExportFormat.Prefix);
        w.WriteNumber("size", prefix.Count);
        w.WriteStartArray("subtrees");
        foreach (var s in prefix.Subtrees) w.WriteStringValue(ChainHash.ToHex(s));
        w.WriteEndArray();
        w.WriteString("lastHash", ChainHash.ToHex(lastHash));
        w.WriteEndObject();
    }

    private static void WriteConsistency(Utf8JsonWriter w, long fromSize, long toSize, IReadOnlyList<byte[]> proof)
    {
        w.WriteStartObject();
        w.WriteString("kind", ExportFormat.Consistency);
        w.WriteNumber("fromSize", fromSize);
        w.WriteNumber("toSize", toSize);
        w.WriteStartArray("proof");
        foreach (var hash in proof) w.WriteStringValue(ChainHash.ToHex(hash));
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteCheckpoint(Utf8JsonWriter w, AuditCheckpoint cp)
    {
        var s = cp.Statement;
        w.WriteStartObject();
        w.WriteString("kind", ExportFormat.Checkpoint);
        w.WriteNumber("seq", s.Seq);
        w.WriteNumber("size", s.Size);
        w.WriteString("root", s.Root);
        w.WriteString("head", s.Head);
        w.WriteString("at", s.At);
        if (s.Origin is null) w.WriteNull("origin"); else w.WriteString("origin", s.Origin);
        w.WriteString("keyId", cp.KeyId);
        w.WriteString("signature", Convert.ToBase64String(cp.Signature));
        w.WriteEndObject();
    }

    /// <summary>The frontier of the tree's first <paramref name="size"/> leaves, the seq of the last one and its hash.</summary>
    private static async Task<(MerkleFrontier, long, byte[])> PrefixAsync(NpgsqlConnection connection, string schema, long size, CancellationToken ct)
    {
        var tree = new MerkleFrontier();
        await using (var cmd = Sql.Command(connection,
                         $"select size, frontier from {schema}.{AuditSchema.Checkpoints} where size <= $1 order by size desc limit 1", size))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) tree = MerkleFrontier.Resume(reader.GetInt64(0), reader.GetFieldValue<byte[][]>(1));

        long seq = 0;
        var last = ChainHash.Genesis;
        await using (var cmd = Sql.Command(connection,
                         $"select seq, hash from {schema}.{AuditSchema.Chain} where position > $1 and position <= $2 order by position",
                         tree.Count, size))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                seq = reader.GetInt64(0);
                last = reader.GetFieldValue<byte[]>(1);
                tree.Add(last);
            }
        if (size > 0 && seq == 0)
        {
            // The prefix ends exactly at a checkpoint: its head is the last leaf.
            await using var cmd = Sql.Command(connection, $"select seq, hash from {schema}.{AuditSchema.Chain} where position = $1", size);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct)) (seq, last) = (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
        return (tree, seq, last);
    }

    private static (string Sql, Func<NpgsqlParameter[]> Parameters) Selection(ExportRequest request)
    {
        var conditions = new List<string> { "true" };
        if (request.From is not null) conditions.Add("e.timestamp >= $1");
        if (request.To is not null) conditions.Add("e.timestamp < $2");
        if (request.Streams.Count > 0) conditions.Add("e.stream_id = any($3)");
        // Always three parameters so the positions in the conditions stay fixed.
        return ("(" + string.Join(" and ", conditions) + ")", () =>
        [
            new() { Value = (object?)request.From ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = (object?)request.To ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz },
            new() { Value = request.Streams.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid },
        ]);
    }
}
