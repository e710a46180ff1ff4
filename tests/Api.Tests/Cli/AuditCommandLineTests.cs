using Ledger.Infrastructure.Audit.Witness;
using Ledger.Integration.Tests.Audit;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Verifier;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger audit` on a ledger of its own (a story of payments, a refund and a payout), and offline.</summary>
public sealed class AuditCommandLineTests
{
    [Fact]
    public async Task Export_then_verify_succeeds_and_verify_names_an_edited_event_with_exit_code_1()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var path = Path.Combine(Path.GetTempPath(), $"ledger-cli-{Guid.NewGuid():N}.jsonl");
        Assert.Equal(0, (await RunAsync(ledger, "checkpoint")).Code);

        var export = await RunAsync(ledger, "export", "--out", path);
        Assert.Equal(0, export.Code);
        Assert.Contains("exported", export.Out);

        var verified = await RunAsync(null, "verify", path, "--public-key", ledger.Key.PublicKeyBase64);
        Assert.Equal(0, verified.Code);
        Assert.StartsWith("OK:", verified.Out);

        var lines = await File.ReadAllLinesAsync(path);
        var index = Array.FindIndex(lines, l => l.Contains("\"wallet_topped_up.v1\""));
        var eventId = System.Text.Json.JsonDocument.Parse(lines[index]).RootElement.GetProperty("record").GetProperty("id").GetString();
        lines[index] = lines[index].Replace("\"minor\":12000", "\"minor\":92000");
        await File.WriteAllLinesAsync(path, lines);

        var failed = await RunAsync(null, "verify", path);
        Assert.Equal(1, failed.Code);
        Assert.Contains("FAILED", failed.Err);
        Assert.True(failed.Err.Contains(eventId!), failed.Err);
    }

    [Fact]
    public async Task Verify_db_reports_the_stored_log()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var ok = await RunAsync(ledger, "verify-db");
        Assert.Equal(0, ok.Code);
        await ledger.ExecuteAsync("delete from ledger.mt_events where seq_id = (select max(seq_id) from ledger.mt_events)");
        var bad = await RunAsync(ledger, "verify-db");
        Assert.Equal(1, bad.Code);
        Assert.Contains("event_missing", bad.Err);
    }

    [Fact]
    public async Task Verify_db_says_how_many_chain_links_it_checked_and_fails_against_a_witness_after_a_resigned_rewrite()
    {
        var witnessDirectory = Path.Combine(Path.GetTempPath(), "ledger-cli-witness", Guid.NewGuid().ToString("N"));
        await using var ledger = await AuditedLedger.CreateAsync(o => o.WitnessDirectory = witnessDirectory, asRuntimeRole: true);
        try
        {
            await ledger.RunStoryAsync();
            Assert.Equal(0, (await RunAsync(ledger, "checkpoint")).Code);
            await ledger.Services.GetRequiredService<CheckpointWitnessPublisher>().PublishNewAsync(default);
            var witness = Path.Combine(witnessDirectory, FileCheckpointWitness.FileName);
            var events = await ledger.ScalarAsync<long>("select count(*) from ledger.mt_events");

            var ok = await RunAsync(ledger, "verify-db", "--witness", witness);
            Assert.True(ok.Code == 0, ok.Err);
            Assert.Contains($"{events} events re-hashed, {events} chain links checked, 1 signed checkpoints verified", ok.Out);
            Assert.Contains("1 witnessed checkpoints agree", ok.Out);

            // The owner edits a payout, re-chains from it and has the service re-sign everything with the real key.
            var seq = await ledger.ScalarAsync<long>("select min(seq_id) from ledger.mt_events where type = 'wallet_paid_out.v1'");
            await ledger.ExecuteAsOwnerAsync($"update ledger.mt_events set data = jsonb_set(data, '{{amount,minor}}', '1') where seq_id = {seq}");
            await ledger.ExecuteAsOwnerAsync($"delete from ledger.audit_chain where seq >= {seq}");
            await ledger.ExecuteAsOwnerAsync("delete from ledger.audit_checkpoints");
            Assert.Equal(0, (await RunAsync(ledger, "checkpoint")).Code);

            Assert.Equal(0, (await RunAsync(ledger, "verify-db")).Code);
            var caught = await RunAsync(ledger, "verify-db", "--witness", witness);
            Assert.Equal(1, caught.Code);
            Assert.Contains("witness_mismatch", caught.Err);
            Assert.Contains("the first difference is among positions", caught.Err);
        }
        finally
        {
            if (Directory.Exists(witnessDirectory)) Directory.Delete(witnessDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task Rotate_key_hands_over_and_the_stored_log_still_verifies()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var oldKeyId = ledger.Key.KeyId;

        var rotated = await RunAsync(ledger, "rotate-key");

        Assert.True(rotated.Code == 0, rotated.Err);
        Assert.Contains($"signing key {oldKeyId} handed over to {ledger.Key.KeyId}", rotated.Out);
        Assert.Contains(ledger.Key.PublicKeyBase64, (await RunAsync(ledger, "public-key")).Out);
        Assert.Equal(0, (await RunAsync(ledger, "checkpoint")).Code);
        var verified = await RunAsync(ledger, "verify-db");
        Assert.True(verified.Code == 0, verified.Err);
    }

    [Fact]
    public async Task Revoke_key_records_the_compromise_and_verify_with_the_published_keys_refuses_what_the_key_signed()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var oldKey = ledger.Key.PublicKeyBase64;
        var old = Path.Combine(Path.GetTempPath(), $"ledger-cli-{Guid.NewGuid():N}.jsonl");
        Assert.Equal(0, (await RunAsync(ledger, "export", "--out", old)).Code);

        var inCharge = await RunAsync(ledger, "revoke-key", oldKey, "--reason", "leaked");
        Assert.Equal(1, inCharge.Code);
        Assert.Contains("rotate-key", inCharge.Err);
        Assert.Equal(0, (await RunAsync(ledger, "rotate-key")).Code);
        var revoked = await RunAsync(ledger, "revoke-key", oldKey, "--reason", "found in a public paste");
        Assert.True(revoked.Code == 0, revoked.Err);
        Assert.Contains($"key {Ledger.Verifier.AuditKeys.KeyIdOf(Convert.FromBase64String(oldKey))} revoked", revoked.Out);

        var keys = Path.Combine(Path.GetTempPath(), $"ledger-cli-keys-{Guid.NewGuid():N}.jsonl");
        await using (var connection = await ledger.DataSource.OpenConnectionAsync())
        await using (var file = File.Create(keys))
            await Infrastructure.Audit.KeyHistoryLines.WriteAsync(connection, "ledger", "ledger.local/test", file, default);
        Assert.Equal(0, (await RunAsync(null, "verify", old, "--public-key", oldKey)).Code);
        var refused = await RunAsync(null, "verify", old, "--public-key", oldKey, "--keys", keys);
        Assert.Equal(1, refused.Code);
        Assert.Contains("key_revoked", refused.Err);
        CommandLine.AssertUsageError(await RunAsync(null, "verify", old, "--keys", old), "audit");
    }

    [Theory]
    [InlineData("unknown-verb")]
    [InlineData("verify")]
    [InlineData("verify", "/no/such/file.jsonl")]
    [InlineData("verify", "a", "b")]
    [InlineData("export")]
    [InlineData("export", "--out")]
    [InlineData("export", "--out", "x.jsonl", "--from", "yesterday")]
    [InlineData("export", "--out", "x.jsonl", "--stream", "not-a-uuid")]
    [InlineData("export", "--out", "x.jsonl", "--from", "2026-01-02T00:00:00Z", "--to", "2026-01-01T00:00:00Z")]
    [InlineData("export", "--out", "x.jsonl", "--colour", "red")]
    [InlineData("explain")]
    [InlineData("explain", "not-a-uuid")]
    [InlineData("verify-db", "--witness", "/no/such/checkpoints.jsonl")]
    [InlineData("verify", "x.jsonl", "--witness")]
    [InlineData("verify", "x.jsonl", "--keys", "/no/such/keys.jsonl")]
    [InlineData("revoke-key")]
    [InlineData("revoke-key", "AAAA")]
    public async Task Bad_arguments_exit_with_2_and_say_what_is_wrong(params string[] args)
    {
        // No database is needed to refuse these: the services are never built.
        CommandLine.AssertUsageError(await RunAsync(null, args), "audit");
    }

    [Fact]
    public async Task A_file_that_is_not_an_export_fails_verification_with_exit_code_1()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "{\"kind\":\"event\"}\nnot json\n");

        var result = await RunAsync(null, "verify", path);

        Assert.Equal(1, result.Code);
        Assert.Contains("malformed_export", result.Err);
    }

    internal static Task<(int Code, string Out, string Err)> RunAsync(AuditedLedger? ledger, params string[] args) =>
        CommandLine.RunAsync(ledger?.Services, ["audit", .. args]);
}
