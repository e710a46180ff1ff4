using System.Text.Json.Nodes;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// An export covered by an older checkpoint carries the proof (RFC 9162 §2.1.4) that the log, when the export was
/// made, still extended that checkpoint's tree: what it shows was not rewritten by the time it was handed over.
/// </summary>
public sealed class ExportConsistencyTests
{
    [Fact]
    public async Task An_export_covered_by_an_older_checkpoint_proves_the_newest_one_extends_it()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var covering = await ledger.SealAsync();
        await ledger.RunStoryAsync();
        var newest = await ledger.SealAsync();

        var (_, verification, path) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[0]]));

        Assert.Null(verification.Failure);
        Assert.Equal(new CheckpointRef(covering.Statement.Seq, covering.Statement.Size, covering.Statement.Root), verification.Statement!.Covering);
        Assert.Equal(new CheckpointRef(newest.Statement.Seq, newest.Statement.Size, newest.Statement.Root), verification.Statement.Latest);
        var proof = (await File.ReadAllLinesAsync(path)).Select(l => JsonNode.Parse(l)!.AsObject()).Single(l => (string?)l["kind"] == "consistency");
        Assert.Equal(covering.Statement.Size, (long)proof["fromSize"]!);
        Assert.Equal(newest.Statement.Size, (long)proof["toSize"]!);
        Assert.Equal(ConsistencyProof.Ranges(covering.Statement.Size, newest.Statement.Size).Count, proof["proof"]!.AsArray().Count);
    }

    [Fact]
    public async Task An_edited_or_missing_proof_fails()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (_, _, path) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[1]]));
        var lines = await File.ReadAllLinesAsync(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"kind\":\"consistency\""));
        var line = JsonNode.Parse(lines[index])!.AsObject();
        var first = (string)line["proof"]![0]!;
        line["proof"]![0] = (first[0] == '0' ? "1" : "0") + first[1..];

        var edited = await VerifyAsync(ledger, [.. lines[..index], line.ToJsonString(), .. lines[(index + 1)..]]);
        var dropped = await VerifyAsync(ledger, lines.Where((_, i) => i != index));

        Assert.Equal(AuditFinding.Inconsistent, edited.Failure?.Code);
        Assert.Equal(AuditFinding.Malformed, dropped.Failure?.Code);
    }

    [Fact]
    public async Task An_export_whose_covering_checkpoint_is_the_newest_needs_no_proof()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var (_, verification, path) = await ledger.ExportAndVerifyAsync();

        Assert.Null(verification.Failure);
        Assert.Equal(verification.Statement!.Covering, verification.Statement.Latest);
        Assert.DoesNotContain(await File.ReadAllLinesAsync(path), l => l.Contains("\"kind\":\"consistency\""));
    }

    private static Task<AuditVerification> VerifyAsync(AuditedLedger ledger, IEnumerable<string> lines) =>
        ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', lines)), ledger.Key.PublicKey, default);
}
