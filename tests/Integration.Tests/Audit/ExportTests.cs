using System.Text.Json;
using Ledger.Infrastructure.Audit;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

public sealed class ExportTests
{
    [Fact]
    public async Task A_stream_export_carries_that_stream_in_full_and_only_hashes_of_the_rest_and_verifies_offline()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var wallet = story.WalletIds[1];

        var (summary, verification, path) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [wallet]));

        Assert.Null(verification.Failure);
        var lines = (await File.ReadAllLinesAsync(path)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var events = lines.Where(l => l.GetProperty("kind").GetString() == "event").ToList();
        Assert.Equal(await ledger.ScalarAsync<long>($"select count(*) from ledger.mt_events where stream_id = '{wallet}'"), events.Count);
        Assert.All(events, e => Assert.Equal(wallet, e.GetProperty("record").GetProperty("streamId").GetGuid()));
        Assert.Equal(summary.Events, verification.EventsChecked);
        Assert.True(verification.LinksChecked > 0);
        // The export starts at the stream's first event: what came before is the Merkle prefix, not lines.
        var firstSeq = await ledger.ScalarAsync<long>($"select min(seq_id) from ledger.mt_events where stream_id = '{wallet}'");
        Assert.Equal(firstSeq, events[0].GetProperty("seq").GetInt64());
        Assert.DoesNotContain(lines, l => l.TryGetProperty("seq", out var s) && l.GetProperty("kind").GetString() != "checkpoint" && s.GetInt64() < firstSeq);
        Assert.Equal(ledger.Key.PublicKeyBase64, lines[0].GetProperty("publicKey").GetString());
        // What the service signed: the selection with its head, the covering and the newest checkpoint, the count.
        var statement = verification.Statement!;
        Assert.Equal(new Domain.Audit.StreamHead(wallet, await ledger.ScalarAsync<long>($"select max(version) from ledger.mt_events where stream_id = '{wallet}'")),
            Assert.Single(statement.Streams));
        Assert.Equal(events.Count, statement.Events);
        var covering = lines.Last(l => l.GetProperty("kind").GetString() == "checkpoint");
        Assert.Equal(covering.GetProperty("seq").GetInt64(), statement.Covering.Seq);
        Assert.Equal(covering.GetProperty("root").GetString(), statement.Covering.Root);
        Assert.Equal(statement.Covering, statement.Latest);
    }

    [Fact]
    public async Task Runs_of_other_streams_are_carried_as_subtree_roots_and_a_changed_or_dropped_one_fails_verification()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();

        // Ada's stream: her wallet's first events, then Alan's whole part of the story, then her refund and payout.
        var (summary, verification, path) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[0]]));

        Assert.Null(verification.Failure);
        var lines = await File.ReadAllLinesAsync(path);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var gaps = parsed.Where(l => l.GetProperty("kind").GetString() == "gap").ToList();
        Assert.NotEmpty(gaps);
        Assert.Equal(summary.Links, gaps.Sum(g => g.GetProperty("size").GetInt64()) + parsed.Count(l => l.GetProperty("kind").GetString() == "link"));
        Assert.Equal(summary.Links, verification.LinksChecked);
        Assert.All(gaps, g => Assert.InRange(g.GetProperty("subtrees").GetArrayLength(), 1, g.GetProperty("size").GetInt64() - 1));

        var gapIndex = Array.FindIndex(lines, l => l.Contains("\"kind\":\"gap\""));
        var root = gaps[0].GetProperty("subtrees")[0].GetString()!;
        var changed = lines.ToArray();
        changed[gapIndex] = changed[gapIndex].Replace(root, (root[0] == '0' ? "1" : "0") + root[1..]);
        await File.WriteAllLinesAsync(path, changed);
        Assert.Equal(AuditFinding.CheckpointMismatch, (await ExportVerifier.VerifyFileAsync(path, ledger.Key.PublicKey, default)).Failure?.Code);

        await File.WriteAllLinesAsync(path, lines.Where((_, i) => i != gapIndex));
        Assert.Equal(AuditFinding.ChainBroken, (await ExportVerifier.VerifyFileAsync(path, ledger.Key.PublicKey, default)).Failure?.Code);
    }

    [Theory]
    [InlineData(ExportFormat.Name, null)]
    [InlineData("ledger-audit-export/9", AuditFinding.Malformed)]
    public async Task A_file_of_the_current_format_verifies_and_an_unknown_one_does_not(string format, string? failure)
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (_, _, path) = await ledger.ExportAndVerifyAsync(); // everything selected: no gap lines, as format 1 wrote it
        var lines = await File.ReadAllLinesAsync(path);
        Assert.DoesNotContain(lines, l => l.Contains("\"kind\":\"gap\""));
        lines[0] = lines[0].Replace(ExportFormat.Name, format);
        await File.WriteAllLinesAsync(path, lines);

        var verification = await ExportVerifier.VerifyFileAsync(path, ledger.Key.PublicKey, default);

        Assert.Equal(failure, verification.Failure?.Code);
    }

    [Fact]
    public async Task A_time_range_export_holds_the_events_of_that_range()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var from = await ledger.ScalarAsync<DateTime>("select now()");
        await ledger.RunStoryAsync();
        var to = await ledger.ScalarAsync<DateTime>("select now()");
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var (summary, verification, _) = await ledger.ExportAndVerifyAsync(new ExportRequest(from, to, []));

        Assert.Null(verification.Failure);
        Assert.Equal(await ledger.ScalarAsync<long>($"select count(*) from ledger.mt_events where timestamp >= '{from:O}' and timestamp < '{to:O}'"), summary.Events);
        Assert.True(summary.Events > 0);
    }

    [Fact]
    public async Task Events_after_the_last_checkpoint_are_left_out_and_counted()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var signed = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");
        await ledger.RunStoryAsync();
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        var (summary, verification, _) = await ledger.ExportAndVerifyAsync();

        Assert.Null(verification.Failure);
        Assert.Equal(signed, summary.Events);
        Assert.Equal(await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events") - signed, summary.NotYetSigned);
    }

    [Fact]
    public async Task Nothing_signed_yet_is_refused_with_a_reason()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        var refused = await Assert.ThrowsAsync<AuditExportException>(() => ledger.ExportAndVerifyAsync());
        Assert.Contains("checkpoint", refused.Message);
    }

    [Fact]
    public async Task An_export_file_edited_by_hand_is_named_and_a_forged_hash_is_caught_by_the_checkpoint()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (_, _, path) = await ledger.ExportAndVerifyAsync();
        var lines = await File.ReadAllLinesAsync(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"payment_authorized.v1\""));
        var seq = JsonDocument.Parse(lines[index]).RootElement.GetProperty("seq").GetInt64();

        var edited = lines.ToArray();
        edited[index] = lines[index].Replace("\"minor\":1290", "\"minor\":129");
        Assert.NotEqual(lines[index], edited[index]);
        var amountChanged = await ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', edited)), ledger.Key.PublicKey, default);
        Assert.Equal(AuditFinding.Altered, amountChanged.Failure?.Code);
        Assert.Equal(seq, amountChanged.Failure!.Seq);

        // Recompute the edited event's hash (and every later one) as a forger would: only the signature stops it.
        var forged = ExportEdits.Reforge(edited, index);
        var rehashed = await ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', forged)), ledger.Key.PublicKey, default);
        Assert.Equal(AuditFinding.CheckpointMismatch, rehashed.Failure?.Code);

        var dropped = lines.Where((_, i) => i != index).ToArray();
        var lineRemoved = await ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', dropped)), ledger.Key.PublicKey, default);
        Assert.Equal(AuditFinding.ChainBroken, lineRemoved.Failure?.Code);
    }

    [Fact]
    public async Task An_export_signed_by_another_key_is_refused_when_the_published_key_is_pinned()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (_, _, path) = await ledger.ExportAndVerifyAsync();
        using var other = AuditSigningKey.FromSeed(new byte[32]);

        var verification = await ExportVerifier.VerifyFileAsync(path, other.PublicKey, default);

        Assert.Equal(AuditFinding.BadSignature, verification.Failure?.Code);
    }
}
