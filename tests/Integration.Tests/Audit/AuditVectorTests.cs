using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// The test vectors of docs/audit-vectors, for someone writing a verifier of their own: real exports of a small log
/// made by the service's exporter with a published test key and a fixed clock, the values a verifier computes on the
/// way (chain hashes, Merkle roots, signed texts, a consistency proof), and a corpus of tampered copies with the
/// verdict each must get. The test makes them again and fails when they differ from the committed files, so the
/// vectors cannot drift from what the code does. <c>LEDGER_WRITE_AUDIT_VECTORS=1</c> writes them instead.
/// </summary>
public sealed class AuditVectorTests
{
    /// <summary>The test key's seed: bytes 1 to 32. Published, so it proves nothing outside these vectors.</summary>
    private static readonly byte[] Seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly DateTimeOffset Epoch = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private const string Origin = "vectors.ledger.example/test";
    private static readonly Guid Ada = Guid.Parse("00000000-0000-4000-8000-00000000000a");
    private static readonly Guid Bob = Guid.Parse("00000000-0000-4000-8000-00000000000b");

    private static string Folder => Path.Combine(RepoRoot(), "docs", "audit-vectors");

    [Fact]
    public async Task The_published_vectors_are_what_the_exporter_and_verifier_make_today()
    {
        var made = await MakeAsync();

        if (Environment.GetEnvironmentVariable("LEDGER_WRITE_AUDIT_VECTORS") == "1")
        {
            if (Directory.Exists(Folder)) foreach (var stale in Directory.GetFiles(Folder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith("README.md"))) File.Delete(stale);
            foreach (var (name, text) in made)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(Folder, name))!);
                await File.WriteAllTextAsync(Path.Combine(Folder, name), text);
            }
        }
        var committed = Directory.GetFiles(Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/')).Where(f => f != "README.md").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(made.Keys.Order(StringComparer.Ordinal), committed);
        foreach (var (name, text) in made)
            Assert.True(text == await File.ReadAllTextAsync(Path.Combine(Folder, name)),
                $"docs/audit-vectors/{name} is not what the code makes now; if the change is meant, LEDGER_WRITE_AUDIT_VECTORS=1 rewrites the vectors");
    }

    [Fact]
    public async Task Every_vector_export_verifies_and_every_tampered_copy_gets_its_stated_verdict()
    {
        var key = AuditSigningKey.FromSeed(Seed).PublicKey;
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "tampered", "verdicts.json")))!.AsObject();
        foreach (var export in new[] { "stream-export.jsonl", "log-export.jsonl" })
            Assert.Null((await ExportVerifier.VerifyFileAsync(Path.Combine(Folder, export), key, default)).Failure);
        Assert.NotEmpty(expected);
        foreach (var (file, verdict) in expected)
        {
            var verification = await ExportVerifier.VerifyFileAsync(Path.Combine(Folder, "tampered", file), key, default);
            Assert.True((string?)verdict == verification.Failure?.Code, $"{file}: expected {verdict}, got {verification.Failure}");
        }
    }

    /// <summary>The files, by path under docs/audit-vectors.</summary>
    private static async Task<SortedDictionary<string, string>> MakeAsync()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => (o.SigningKey, o.LogOrigin) = (Convert.ToBase64String(Seed), Origin),
            time: new FixedClock(Epoch));
        // Ada's wallet, then four of Bob's events, then Ada's again: her export shows Bob's run as a gap and a link.
        await InsertAsync(ledger, [(Ada, 1), (Bob, 1), (Bob, 2), (Bob, 3), (Bob, 4), (Ada, 2), (Bob, 5), (Ada, 3)]);
        var first = await ledger.SealAsync();
        await InsertAsync(ledger, [(Bob, 6), (Bob, 7), (Bob, 8)]);
        var second = await ledger.SealAsync();

        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["public-key.txt"] = ledger.Key.PublicKeyBase64 + "\n",
            ["stream-export.jsonl"] = await ExportAsync(ledger, new ExportRequest(null, null, [Ada])),
            ["log-export.jsonl"] = await ExportAsync(ledger, new ExportRequest(null, null, [])),
        };
        files["steps.json"] = Steps(ledger, files["log-export.jsonl"], first, second);
        var tampered = Tampered(Lines(files["stream-export.jsonl"]), Lines(files["log-export.jsonl"])).ToList();
        foreach (var (name, (text, _)) in tampered) files[$"tampered/{name}.jsonl"] = text;
        files["tampered/verdicts.json"] = new JsonObject(tampered.Select(t => KeyValuePair.Create($"{t.Key}.jsonl", (JsonNode?)t.Value.Verdict)))
            .ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        return files;

        static string[] Lines(string export) => export.TrimEnd('\n').Split('\n');
    }

    private static async Task InsertAsync(AuditedLedger ledger, (Guid Stream, int Version)[] events)
    {
        foreach (var (stream, version) in events)
        {
            var seq = await ledger.ScalarAsync<long>("select coalesce(max(seq_id), 0) + 1 from ledger.mt_events");
            var at = Epoch.AddMinutes(seq);
            var id = new Guid($"00000000-0000-4000-9000-{seq:x12}");
            var data = version == 1
                ? $$"""{"walletId":"{{stream}}","customerName":"{{(stream == Ada ? "Ada Lovelace" : "Bob \\\"the builder\\\"")}}","currency":"EUR","openedAt":"{{at:O}}"}"""
                : $$"""{"walletId":"{{stream}}","amount":{"minor":{{100 * version + seq}},"currency":"EUR"},"note":"top-up\u00e9 #{{version}}"}""";
            var type = version == 1 ? "wallet_opened.v1" : "wallet_topped_up.v1";
            await ledger.ExecuteAsync(
                (version == 1 ? $"insert into ledger.mt_streams (id, type, version) values ('{stream}', 'wallet', 1); " : $"update ledger.mt_streams set version = {version} where id = '{stream}'; ") +
                "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, is_archived) " +
                $"values (nextval('ledger.mt_events_sequence'), '{id}', '{stream}', {version}, '{data.Replace("'", "''")}'::jsonb, '{type}', '{at:O}', '*DEFAULT*', " +
                $"'vectors', 'corr-{seq}', {(version == 1 ? "null" : $"'cause-{seq - 1}'")}, '{{\"actor\":\"operator:vectors\",\"request-id\":\"req-{seq}\"}}'::jsonb, false)");
        }
    }

    private static async Task<string> ExportAsync(AuditedLedger ledger, ExportRequest request)
    {
        await using var output = new MemoryStream();
        await ledger.Exporter.ExportAsync(request, output, default);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    /// <summary>What a verifier computes on the way, from the whole-log export: each step checkable on its own.</summary>
    private static string Steps(AuditedLedger ledger, string logExport, AuditCheckpoint first, AuditCheckpoint second)
    {
        var lines = logExport.TrimEnd('\n').Split('\n').Select(ExportEdits.Line).ToList();
        var chain = new JsonArray();
        var roots = new JsonArray { new JsonObject { ["size"] = 0, ["root"] = ChainHash.ToHex(new MerkleFrontier().Root()) } };
        var tree = new MerkleFrontier();
        var hashes = new List<byte[]>();
        foreach (var e in lines.Where(l => ExportEdits.Kind(l) == "event"))
        {
            var record = AuditRecord.FromJson(JsonDocument.Parse(e["record"]!.ToJsonString()).RootElement);
            var hash = ChainHash.FromHex(e["hash"]!.GetValue<string>());
            hashes.Add(hash);
            tree.Add(hash);
            chain.Add(new JsonObject
            {
                ["position"] = tree.Count, ["recordUtf8Hex"] = Convert.ToHexStringLower(Encoding.UTF8.GetBytes(record.CanonicalText())),
                ["prevHash"] = e["prevHash"]!.GetValue<string>(), ["hash"] = ChainHash.ToHex(hash),
                ["leafHash"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0, .. hash])),
            });
            roots.Add(new JsonObject { ["size"] = tree.Count, ["root"] = ChainHash.ToHex(tree.Root()) });
        }
        var checkpoints = new JsonArray(new[] { first, second }.Select(c => (JsonNode)new JsonObject
        {
            ["signedText"] = c.Statement.CanonicalText(), ["signature"] = Convert.ToBase64String(c.Signature), ["keyId"] = c.KeyId, ["note"] = c.Note,
        }).ToArray());
        var (m, n) = (first.Statement.Size, second.Statement.Size);
        var proof = new JsonArray(ConsistencyProof.Ranges(m, n).Select(r =>
        {
            var range = new MerkleFrontier();
            foreach (var h in hashes[(int)r.Start..(int)r.End]) range.Add(h);
            return (JsonNode)new JsonObject { ["leaves"] = $"[{r.Start}, {r.End})", ["root"] = ChainHash.ToHex(range.Root()) };
        }).ToArray());
        var header = lines[0];
        var steps = new JsonObject
        {
            ["publicKey"] = ledger.Key.PublicKeyBase64, ["keyId"] = ledger.Key.KeyId, ["genesis"] = ChainHash.ToHex(ChainHash.Genesis),
            ["chain"] = chain, ["roots"] = roots, ["checkpoints"] = checkpoints,
            ["consistency"] = new JsonObject { ["fromSize"] = m, ["toSize"] = n, ["ranges"] = proof },
            ["exportStatement"] = new JsonObject { ["signedText"] = header["statement"]!.GetValue<string>(), ["signature"] = header["statementSignature"]!.GetValue<string>() },
        };
        return steps.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>The tampered corpus: each edit of a real export, and the verdict (failure code) it must get.</summary>
    private static IEnumerable<KeyValuePair<string, (string Text, string Verdict)>> Tampered(string[] stream, string[] log)
    {
        static KeyValuePair<string, (string, string)> Case(string name, IEnumerable<string> lines, string verdict) =>
            KeyValuePair.Create(name, (string.Join('\n', lines) + "\n", verdict));
        var logEvents = ExportEdits.Indexes(log, "event");
        var streamEvents = ExportEdits.Indexes(stream, "event");
        var amount = log[logEvents[2]];
        var edited = ExportEdits.Replace(log, logEvents[2], amount.Replace("\"minor\":", "\"minor\":9"));
        var last = ExportEdits.Line(stream[^1]);
        var header = ExportEdits.Line(stream[0]);
        var statement = header["statement"]!.GetValue<string>();
        var exportedAt = JsonDocument.Parse(statement).RootElement.GetProperty("exportedAt").GetString()!;
        var proofLine = Array.FindIndex(stream, l => ExportEdits.Kind(l) == "consistency");
        var proof = ExportEdits.Line(stream[proofLine]);
        var firstProofHash = proof["proof"]![0]!.GetValue<string>();
        proof["proof"]![0] = (firstProofHash[0] == '0' ? "1" : "0") + firstProofHash[1..];
        var noted = ExportEdits.Line(stream[streamEvents[0]]);
        noted["approvedBy"] = "CFO";
        var checkpointLine = Array.FindIndex(log, l => ExportEdits.Kind(l) == "checkpoint");
        var checkpoint = ExportEdits.Line(log[checkpointLine]);
        checkpoint["at"] = "2025-01-01T00:00:00.000000Z";
        var bobsLink = Array.FindLastIndex(stream, l => ExportEdits.Kind(l) == "link");
        var bobsSeq = ExportEdits.Line(stream[bobsLink])["seq"]!.GetValue<long>();
        var bobsEvent = log.Single(l => ExportEdits.Kind(l) == "event" && ExportEdits.Line(l)["seq"]!.GetValue<long>() == bobsSeq);
        var firstSize = ExportEdits.Line(log[checkpointLine])["size"]!.GetValue<long>();

        yield return Case("appended-credit", [.. stream, ExportEdits.Forge(ExportEdits.Line(stream[streamEvents[^1]]), last["seq"]!.GetValue<long>() + 1,
            last["position"]!.GetValue<long>() + 1, 4, Guid.Parse("00000000-0000-4000-9000-0000000000ff"), ChainHash.FromHex(last["hash"]!.GetValue<string>()),
            r => r["data"] = new JsonObject { ["walletId"] = Ada.ToString(), ["amount"] = new JsonObject { ["minor"] = 10_000_000, ["currency"] = "EUR" } })], AuditFinding.UnsignedTail);
        yield return Case("amount-changed", edited, AuditFinding.Altered);
        yield return Case("amount-changed-and-rehashed", ExportEdits.Reforge(edited, logEvents[2]), AuditFinding.CheckpointMismatch);
        yield return Case("event-removed", log.Where((_, i) => i != logEvents[3]), AuditFinding.ChainBroken);
        yield return Case("events-swapped", ExportEdits.Replace(ExportEdits.Replace(log, logEvents[3], log[logEvents[4]]), logEvents[4], log[logEvents[3]]),
            AuditFinding.ChainBroken);
        yield return Case("member-added", ExportEdits.Replace(stream, streamEvents[0], noted.ToJsonString()), AuditFinding.Malformed);
        yield return Case("statement-backdated", ExportEdits.WithStatement(stream, statement.Replace(exportedAt, "2020-01-01T00:00:00.000000Z")), AuditFinding.BadSignature);
        yield return Case("checkpoint-edited", ExportEdits.Replace(log, checkpointLine, checkpoint.ToJsonString()), AuditFinding.BadSignature);
        yield return Case("event-as-link", ExportEdits.AsLink(stream, streamEvents[1]), AuditFinding.IncompleteSelection);
        yield return Case("events-in-gap", ExportEdits.AsGap(log, logEvents[0], 4), AuditFinding.IncompleteSelection);
        yield return Case("cut-back", log.Where(l => ExportEdits.Line(l)["position"] is not { } p || p.GetValue<long>() <= firstSize)
            .Where(l => ExportEdits.Kind(l) != "checkpoint" || ExportEdits.Line(l)["size"]!.GetValue<long>() <= firstSize), AuditFinding.IncompleteSelection);
        yield return Case("other-streams-event", ExportEdits.Replace(stream, bobsLink, bobsEvent), AuditFinding.OutsideSelection);
        yield return Case("proof-edited", ExportEdits.Replace(stream, proofLine, proof.ToJsonString()), AuditFinding.Inconsistent);
        yield return Case("statement-of-another-log", ExportEdits.WithStatement(stream, statement.Replace(Origin, "vectors.ledger.example/other")),
            AuditFinding.BadSignature);
        yield return Case("checkpoint-of-another-log", ExportEdits.Replace(log, checkpointLine, log[checkpointLine].Replace(Origin, "vectors.ledger.example/other")),
            AuditFinding.LogMismatch);
        yield return Case("format-2", ExportEdits.Replace(stream, 0, stream[0].Replace(ExportFormat.Name, "ledger-audit-export/2")), AuditFinding.FormatTooOld);
        yield return Case("resigned-with-another-key", ResignedWithAnotherKey(log), AuditFinding.BadSignature);
    }

    /// <summary>Every checkpoint and the statement signed again with another key, whose public key the header then names.</summary>
    private static string[] ResignedWithAnotherKey(string[] lines)
    {
        using var other = AuditSigningKey.FromSeed(Enumerable.Repeat((byte)7, 32).ToArray());
        return lines.Select(text =>
        {
            var line = ExportEdits.Line(text);
            switch (ExportEdits.Kind(line))
            {
                case "header":
                    line["statementSignature"] = Convert.ToBase64String(other.Sign(Encoding.UTF8.GetBytes(line["statement"]!.GetValue<string>())));
                    line["statementKeyId"] = other.KeyId;
                    line["publicKey"] = other.PublicKeyBase64;
                    line["keyId"] = other.KeyId;
                    break;
                case "checkpoint":
                    var s = new CheckpointStatement((long)line["seq"]!, (long)line["size"]!, (string)line["root"]!, (string)line["head"]!, (string)line["at"]!,
                        (string?)line["origin"]);
                    line["signature"] = Convert.ToBase64String(other.Sign(s.SignedBytes()));
                    line["keyId"] = other.KeyId;
                    break;
            }
            return line.ToJsonString();
        }).ToArray();
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Ledger.sln"))) return dir.FullName;
        throw new InvalidOperationException("Ledger.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
