using System.Text.RegularExpressions;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// The insider who owns the schema (or is a superuser) can rewrite anything in the database, triggers included, and,
/// holding the signing key, re-sign it. What they cannot reach is a checkpoint witnessed outside the database.
/// </summary>
public sealed class WitnessTests : IDisposable
{
    private readonly string _witnessDirectory = Path.Combine(Path.GetTempPath(), "ledger-witness-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Every_signed_checkpoint_is_appended_to_the_witness_file_once_in_order()
    {
        await using var ledger = await WitnessedLedgerAsync();
        var story = await ledger.RunStoryAsync();
        var first = await ledger.SealAsync();
        await PublishAsync(ledger);
        await ledger.TopUpAsync(story.WalletIds[0]);
        var second = await ledger.SealAsync();
        await PublishAsync(ledger);
        await PublishAsync(ledger);

        var witnessed = WitnessedCheckpoint.ReadFile(WitnessFile);
        Assert.Equal([first.Statement, second.Statement], witnessed.Select(w => w.Statement));
        Assert.All(witnessed, w => Assert.True(w.Checkpoint.SignatureHolds(ledger.Key.PublicKey)));
        Assert.Equal(2, File.ReadAllLines(WitnessFile).Length);
    }

    [Fact]
    public async Task A_history_that_agrees_with_its_witness_verifies_in_the_database_and_offline()
    {
        await using var ledger = await WitnessedLedgerAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await PublishAsync(ledger);
        await ledger.TopUpAsync(story.WalletIds[1]);
        await ledger.SealAsync();
        await PublishAsync(ledger);
        var witnessed = WitnessedCheckpoint.ReadFile(WitnessFile);

        var inDatabase = await ledger.Verifier.VerifyAsync(default, witnessed);
        var (_, _, export) = await ledger.ExportAndVerifyAsync();
        var offline = await ExportVerifier.VerifyFileAsync(export, ledger.Key.PublicKey, default, witnessed);

        Assert.Null(inDatabase.Failure);
        Assert.Equal(2, inDatabase.WitnessesAgreed);
        Assert.Null(offline.Failure);
        Assert.Equal(2, offline.WitnessesAgreed);
    }

    [Fact]
    public async Task Attack_the_owner_rewrites_an_event_rechains_and_resigns_with_the_real_key_and_the_witness_names_where()
    {
        await using var ledger = await WitnessedLedgerAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await PublishAsync(ledger);
        // The auditor keeps the first checkpoint (one line of the witness file) on their own machine.
        var kept = Path.Combine(_witnessDirectory, "kept-by-the-auditor.jsonl");
        File.WriteAllLines(kept, File.ReadLines(WitnessFile).Take(1));
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();
        await PublishAsync(ledger);
        var altered = await ledger.ScalarAsync<long>("select min(seq_id) from ledger.mt_events where type = 'payment_authorized.v1'");

        // As the owner: the guards let the owner through. The amount changes, the chain is rebuilt from there and
        // every checkpoint dropped; the service's own writer and checkpointer then re-sign it all with the real key.
        await ledger.ExecuteAsOwnerAsync($"update ledger.mt_events set data = jsonb_set(data, '{{amount,minor}}', '1') where seq_id = {altered}");
        await ledger.ExecuteAsOwnerAsync($"delete from ledger.audit_chain where seq >= {altered}");
        await ledger.ExecuteAsOwnerAsync("delete from ledger.audit_checkpoints");
        await ledger.SealAsync();

        // The stored log is consistent with itself again: without a witness nothing shows.
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
        var inDatabase = await ledger.Verifier.VerifyAsync(default, WitnessedCheckpoint.ReadFile(kept));
        var (_, _, export) = await ledger.ExportAndVerifyAsync();
        var offline = await ExportVerifier.VerifyFileAsync(export, ledger.Key.PublicKey, default, WitnessedCheckpoint.ReadFile(kept));

        foreach (var failure in new[] { inDatabase.Failure, offline.Failure })
        {
            Assert.Equal(AuditFinding.WitnessMismatch, failure?.Code);
            var range = Regex.Match(failure!.Message, @"\(seq (\d+)\.\.(\d+)\)");
            Assert.True(range.Success, failure.Message);
            Assert.InRange(altered, long.Parse(range.Groups[1].Value), long.Parse(range.Groups[2].Value));
            Assert.True(failure.Seq <= altered);
        }
    }

    [Fact]
    public async Task Attack_the_owner_cuts_history_back_below_a_witnessed_checkpoint()
    {
        await using var ledger = await WitnessedLedgerAsync();
        await CutBackBelowAWitnessAsync(ledger);

        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
        var verification = await ledger.Verifier.VerifyAsync(default, WitnessedCheckpoint.ReadFile(WitnessFile));
        Assert.Equal(AuditFinding.WitnessMismatch, verification.Failure?.Code);
        Assert.Contains("removed", verification.Failure!.Message);
    }

    [Fact]
    public async Task Attack_the_owner_cuts_history_back_and_an_export_made_afterwards_fails_against_the_witness()
    {
        await using var ledger = await WitnessedLedgerAsync();
        var story = await CutBackBelowAWitnessAsync(ledger);

        // Ada's stream as the service now tells it: a complete, signed export of a history without the top-up.
        var (_, alone, export) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[0]]));
        var witnessed = await ExportVerifier.VerifyFileAsync(export, ledger.Key.PublicKey, default, WitnessedCheckpoint.ReadFile(WitnessFile));

        Assert.Null(alone.Failure);
        Assert.Equal(AuditFinding.WitnessMismatch, witnessed.Failure?.Code);
        Assert.Contains("removed", witnessed.Failure!.Message);
    }

    [Fact]
    public async Task An_export_agrees_with_a_witness_of_its_newest_checkpoint_through_the_consistency_proof()
    {
        await using var ledger = await WitnessedLedgerAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await ledger.TopUpAsync(story.WalletIds[1]);
        await ledger.SealAsync();
        await PublishAsync(ledger);
        var newest = WitnessedCheckpoint.ReadFile(WitnessFile)[^1];

        // Ada's stream ends before the second checkpoint: the export runs to the first and proves the second.
        var (_, _, export) = await ledger.ExportAndVerifyAsync(new ExportRequest(null, null, [story.WalletIds[0]]));
        var verification = await ExportVerifier.VerifyFileAsync(export, ledger.Key.PublicKey, default, [newest]);

        Assert.Null(verification.Failure);
        Assert.Equal(1, verification.WitnessesAgreed);
        Assert.True(verification.Statement!.Covering.Size < newest.Statement.Size);
    }

    [Fact]
    public async Task A_witness_not_signed_by_the_ledgers_key_is_refused()
    {
        await using var ledger = await WitnessedLedgerAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await PublishAsync(ledger);
        var honest = WitnessedCheckpoint.ReadFile(WitnessFile)[0];
        var forged = honest with { Checkpoint = honest.Checkpoint with { Signature = new byte[64] } };

        var verification = await ledger.Verifier.VerifyAsync(default, [forged]);

        Assert.Equal(AuditFinding.BadSignature, verification.Failure?.Code);
    }

    /// <summary>Two checkpoints witnessed, then, as the owner, history cut back to the first: Ada's last top-up never happened.</summary>
    private static async Task<Story> CutBackBelowAWitnessAsync(AuditedLedger ledger)
    {
        var story = await ledger.RunStoryAsync();
        var first = await ledger.SealAsync();
        await PublishAsync(ledger);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();
        await PublishAsync(ledger);
        var cut = first.Statement.Seq;
        await ledger.ExecuteAsOwnerAsync($"delete from ledger.audit_checkpoints where seq > {cut}");
        await ledger.ExecuteAsOwnerAsync($"delete from ledger.audit_chain where seq > {cut}");
        await ledger.ExecuteAsOwnerAsync($"delete from ledger.mt_events where seq_id > {cut}");
        return story;
    }

    private string WitnessFile => Path.Combine(_witnessDirectory, FileCheckpointWitness.FileName);

    private Task<AuditedLedger> WitnessedLedgerAsync() =>
        AuditedLedger.CreateAsync(o => o.WitnessDirectory = _witnessDirectory, asRuntimeRole: true);

    private static Task PublishAsync(AuditedLedger ledger) =>
        ledger.Services.GetRequiredService<CheckpointWitnessPublisher>().PublishNewAsync(default);

    public void Dispose()
    {
        if (Directory.Exists(_witnessDirectory)) Directory.Delete(_witnessDirectory, recursive: true);
    }
}
