using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using static Ledger.Integration.Tests.Audit.ExportEdits;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Real exports edited as someone who wants an auditor to accept a different history would edit them, knowing the
/// format but not the signing key. Each edit keeps the chain of hashes intact where it can be kept; what fails it is
/// the part of the export that is signed.
/// </summary>
public sealed class ExportAttackTests
{
    [Fact]
    public async Task A_correctly_chained_credit_appended_after_the_covering_checkpoint_is_an_unsigned_tail()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var wallet = story.WalletIds[1];
        var lines = await ExportLinesAsync(ledger, new ExportRequest(null, null, [wallet]));
        var last = Line(lines[^1]);
        var template = lines.Select(Line).Last(l => Kind(l) == "event");
        var head = template["record"]!["version"]!.GetValue<long>();

        // 100,000.00 credited to the wallet, as the next event of its stream and the next link of the chain.
        var forged = Forge(template, last["seq"]!.GetValue<long>() + 1, last["position"]!.GetValue<long>() + 1, head + 1, Guid.NewGuid(),
            ChainHash.FromHex(last["hash"]!.GetValue<string>()), record => record["data"] = JsonNode.Parse(
                """{"amount":{"currency":"EUR","minor":10000000},"reference":"x","walletId":"WALLET"}""".Replace("WALLET", wallet.ToString())));

        var verification = await VerifyAsync(ledger, [.. lines, forged]);

        Assert.Equal(AuditFinding.UnsignedTail, verification.Failure?.Code);
        Assert.Equal(last["seq"]!.GetValue<long>() + 1, verification.Failure!.Seq);
    }

    [Fact]
    public async Task A_field_outside_the_hashed_record_or_the_signed_statement_is_malformed()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var lines = await ExportLinesAsync(ledger);
        var index = Array.FindIndex(lines, l => Kind(Line(l)) == "event");

        var noted = lines.ToArray();
        var annotated = Line(noted[index]);
        annotated["approvedBy"] = "CFO";
        noted[index] = annotated.ToJsonString();
        Assert.Equal(AuditFinding.Malformed, (await VerifyAsync(ledger, noted)).Failure?.Code);

        var header = Line(lines[0]);
        header["exportedAt"] = "2030-01-01T00:00:00.000000Z";
        Assert.Equal(AuditFinding.Malformed, (await VerifyAsync(ledger, [header.ToJsonString(), .. lines[1..]])).Failure?.Code);

        var twice = lines[index].Insert(1, "\"kind\":\"event\",");
        Assert.Equal(AuditFinding.Malformed, (await VerifyAsync(ledger, [.. lines[..index], twice, .. lines[(index + 1)..]])).Failure?.Code);
    }

    [Fact]
    public async Task An_edited_export_time_or_selection_in_the_header_fails_the_statement_signature()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var lines = await ExportLinesAsync(ledger, new ExportRequest(null, null, [story.WalletIds[0]]));
        var statement = Line(lines[0])["statement"]!.GetValue<string>();
        var exportedAt = JsonDocument.Parse(statement).RootElement.GetProperty("exportedAt").GetString()!;

        var backdated = WithStatement(lines, statement.Replace(exportedAt, "2020-01-01T00:00:00.000000Z"));
        var otherStream = WithStatement(lines, statement.Replace(story.WalletIds[0].ToString(), story.WalletIds[1].ToString()));

        Assert.Equal(AuditFinding.BadSignature, (await VerifyAsync(ledger, backdated)).Failure?.Code);
        Assert.Equal(AuditFinding.BadSignature, (await VerifyAsync(ledger, otherStream)).Failure?.Code);
        Assert.Null((await VerifyAsync(ledger, lines)).Failure);
    }

    [Fact]
    public async Task An_event_of_a_selected_stream_passed_off_as_a_link_is_an_incomplete_selection()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var lines = await ExportLinesAsync(ledger, new ExportRequest(null, null, [story.WalletIds[0]]));
        var events = Indexes(lines, "event");

        foreach (var hidden in new[] { events[1], events[^1] })
        {
            var verification = await VerifyAsync(ledger, AsLink(lines, hidden));
            Assert.Equal(AuditFinding.IncompleteSelection, verification.Failure?.Code);
        }
    }

    [Fact]
    public async Task Events_of_a_time_range_hidden_in_a_gap_or_as_a_link_are_an_incomplete_selection()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var from = await ledger.ScalarAsync<DateTime>("select now()");
        await ledger.RunStoryAsync();
        var to = await ledger.ScalarAsync<DateTime>("select now()");
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var whole = await ExportLinesAsync(ledger);
        var range = await ExportLinesAsync(ledger, new ExportRequest(from, to, []));

        Assert.Equal(AuditFinding.IncompleteSelection, (await VerifyAsync(ledger, AsLink(range, Indexes(range, "event")[2]))).Failure?.Code);
        // Six events of the whole log as one gap of subtree roots: the tree and every checkpoint still hold.
        var gapped = AsGap(whole, Indexes(whole, "event")[0], 6);
        Assert.Contains(gapped, l => Kind(Line(l)) == "gap");
        var verification = await VerifyAsync(ledger, gapped);
        Assert.Equal(AuditFinding.IncompleteSelection, verification.Failure?.Code);
    }

    [Fact]
    public async Task A_whole_log_export_cut_back_to_an_earlier_checkpoint_is_an_incomplete_selection()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var earlier = await ledger.SealAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var lines = await ExportLinesAsync(ledger);
        var entries = lines.Select(Line).ToList();
        bool After(JsonObject l, long size) => l["position"] is { } p && p.GetValue<long>() > size && Kind(l) != "checkpoint";
        bool LaterCheckpoint(JsonObject l) => Kind(l) == "checkpoint" && l["size"]!.GetValue<long>() > earlier.Statement.Size;

        // As an old file would look: the events and the checkpoint after the earlier one gone.
        var cutBack = lines.Where((_, i) => !After(entries[i], earlier.Statement.Size) && !LaterCheckpoint(entries[i])).ToArray();
        // Only the events after it cut, its checkpoint line left.
        var cutTail = lines.Where((_, i) => !After(entries[i], earlier.Statement.Size)).ToArray();

        Assert.Equal(AuditFinding.IncompleteSelection, (await VerifyAsync(ledger, cutBack)).Failure?.Code);
        Assert.Equal(AuditFinding.IncompleteSelection, (await VerifyAsync(ledger, cutTail)).Failure?.Code);
        Assert.Null((await VerifyAsync(ledger, lines)).Failure);
    }

    [Fact]
    public async Task Another_streams_event_put_in_place_of_its_link_is_outside_the_selection()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.TopUpAsync(story.WalletIds[1]); // the last event chained is not Ada's: her export ends on a link
        await ledger.SealAsync();
        var ada = await ExportLinesAsync(ledger, new ExportRequest(null, null, [story.WalletIds[0]]));
        var whole = await ExportLinesAsync(ledger);
        Assert.Equal("link", Kind(Line(ada[^1])));
        var seq = Line(ada[^1])["seq"]!.GetValue<long>();
        var full = whole.Single(l => Kind(Line(l)) == "event" && Line(l)["seq"]!.GetValue<long>() == seq);

        var verification = await VerifyAsync(ledger, [.. ada[..^1], full]);

        Assert.Equal(AuditFinding.OutsideSelection, verification.Failure?.Code);
        Assert.Equal(seq, verification.Failure!.Seq);
    }

    [Theory]
    [InlineData("ledger-audit-export/1")]
    [InlineData("ledger-audit-export/2")]
    public async Task A_file_in_an_unsigned_header_format_is_refused_as_too_old_with_the_way_forward(string format)
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var lines = await ExportLinesAsync(ledger);

        var verification = await VerifyAsync(ledger, [lines[0].Replace(ExportFormat.Name, format), .. lines[1..]]);

        Assert.Equal(AuditFinding.FormatTooOld, verification.Failure?.Code);
        Assert.Contains("ledger audit export", verification.Failure!.Message);
    }

    private static async Task<string[]> ExportLinesAsync(AuditedLedger ledger, ExportRequest? request = null)
    {
        var (_, verification, path) = await ledger.ExportAndVerifyAsync(request);
        Assert.Null(verification.Failure);
        return await File.ReadAllLinesAsync(path);
    }

    private static Task<AuditVerification> VerifyAsync(AuditedLedger ledger, IEnumerable<string> lines) =>
        ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', lines)), ledger.Key.PublicKey, default);
}
