using System.Text;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using static Ledger.Integration.Tests.Audit.ExportEdits;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Every checkpoint names its log, and is also a C2SP signed note that transparency-log tools can read: a ledger's
/// checkpoints and exports cannot pass as another's, even when two environments share a signing key.
/// </summary>
public sealed class LogIdentityTests
{
    private static readonly string SharedKey = Convert.ToBase64String(Enumerable.Repeat((byte)42, 32).ToArray());

    [Fact]
    public async Task A_checkpoint_signs_its_log_name_and_reads_as_a_signed_note_with_the_same_root()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.LogOrigin = "ledger.example/production");
        await ledger.RunStoryAsync();

        var checkpoint = await ledger.SealAsync();

        Assert.Equal("ledger.example/production", checkpoint.Statement.Origin);
        Assert.Contains("\"format\":\"ledger-audit-checkpoint/2\"", checkpoint.Statement.CanonicalText());
        Assert.Contains("\"origin\":\"ledger.example/production\"", checkpoint.Statement.CanonicalText());
        // Read as a stranger's tool would: body lines, a blank line, "— name base64(keyhash || signature)".
        var lines = checkpoint.Note!.Split('\n');
        Assert.Equal(["ledger.example/production", checkpoint.Statement.Size.ToString(), Convert.ToBase64String(ChainHash.FromHex(checkpoint.Statement.Root)), ""],
            lines[..4]);
        var signatureLine = lines[4].Split(' ');
        Assert.Equal(["\u2014", "ledger.example/production"], signatureLine[..2]);
        var blob = Convert.FromBase64String(signatureLine[2]);
        Assert.Equal(CheckpointNote.KeyHash("ledger.example/production", ledger.Key.PublicKey), blob[..4]);
        Assert.True(AuditKeys.Verify(ledger.Key.PublicKey, Encoding.UTF8.GetBytes(string.Join('\n', lines[..3]) + "\n"), blob[4..]));
        Assert.Null((await ledger.Verifier.VerifyAsync(default)).Failure);
    }

    [Fact]
    public async Task Attack_a_staging_export_signed_with_the_shared_key_is_refused_as_another_log()
    {
        await using var production = await AuditedLedger.CreateAsync(o => (o.SigningKey, o.LogOrigin) = (SharedKey, "ledger.example/production"));
        await using var staging = await AuditedLedger.CreateAsync(o => (o.SigningKey, o.LogOrigin) = (SharedKey, "ledger.example/staging"));
        await production.RunStoryAsync();
        await production.SealAsync();
        await staging.RunStoryAsync();
        await staging.SealAsync();
        var (_, _, path) = await staging.ExportAndVerifyAsync();

        var asProduction = await ExportVerifier.VerifyFileAsync(path, production.Key.PublicKey, default, expectedLog: "ledger.example/production");
        var asStaging = await ExportVerifier.VerifyFileAsync(path, production.Key.PublicKey, default, expectedLog: "ledger.example/staging");

        Assert.Equal(AuditFinding.LogMismatch, asProduction.Failure?.Code);
        Assert.Null(asStaging.Failure);
        Assert.Equal("ledger.example/staging", asStaging.Statement!.Log);
    }

    [Fact]
    public async Task Attack_a_checkpoint_or_statement_renamed_to_another_log_fails()
    {
        await using var ledger = await AuditedLedger.CreateAsync(o => o.LogOrigin = "ledger.example/staging");
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var (_, _, path) = await ledger.ExportAndVerifyAsync();
        var lines = await File.ReadAllLinesAsync(path);
        var index = Indexes(lines, "checkpoint")[0];

        var checkpointRenamed = Replace(lines, index, lines[index].Replace("ledger.example/staging", "ledger.example/production"));
        var statementRenamed = WithStatement(lines, Line(lines[0])["statement"]!.GetValue<string>().Replace("ledger.example/staging", "ledger.example/production"));
        var bothRenamed = WithStatement(checkpointRenamed, Line(statementRenamed[0])["statement"]!.GetValue<string>());

        Assert.Equal(AuditFinding.LogMismatch, (await VerifyAsync(ledger, checkpointRenamed)).Failure?.Code);
        Assert.Equal(AuditFinding.BadSignature, (await VerifyAsync(ledger, statementRenamed)).Failure?.Code);
        Assert.Equal(AuditFinding.BadSignature, (await VerifyAsync(ledger, bothRenamed)).Failure?.Code);
    }

    private static Task<AuditVerification> VerifyAsync(AuditedLedger ledger, IEnumerable<string> lines) =>
        ExportVerifier.VerifyAsync(new StringReader(string.Join('\n', lines)), ledger.Key.PublicKey, default);
}
