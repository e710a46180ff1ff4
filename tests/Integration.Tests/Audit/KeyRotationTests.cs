using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>Handing checkpoint signing over to a fresh key: both keys still verify the whole log; a broken hand-over does not.</summary>
public sealed class KeyRotationTests
{
    [Fact]
    public async Task After_a_rotation_the_new_key_signs_and_either_key_pinned_verifies_the_whole_log()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var before = await ledger.SealAsync();
        var oldKey = ledger.Key.PublicKey;

        var rotation = await Rotator(ledger).RotateAsync(default);

        Assert.Equal(before.Statement.Seq, rotation.Statement.LastSeq);
        Assert.Equal(before.Statement.Root, rotation.Statement.LastRoot);
        Assert.Equal(oldKey, rotation.OldKey);
        Assert.Equal(rotation.NewKey, ledger.Key.PublicKey);
        Assert.Equal(ledger.Key.PublicKeyBase64, (await File.ReadAllTextAsync(Options(ledger).SigningKeyPath)).Trim() is var seed
            ? AuditSigningKey.FromSeed(Convert.FromBase64String(seed)).PublicKeyBase64 : null);
        await ledger.TopUpAsync(story.WalletIds[0]);
        var after = await ledger.SealAsync();
        Assert.Equal(AuditKeys.KeyIdOf(rotation.NewKey), after.KeyId);

        var db = await ledger.Verifier.VerifyAsync(default);
        Assert.True(db.Holds, db.Failure?.ToString());
        var (_, pinnedNew, path) = await ledger.ExportAndVerifyAsync();
        Assert.True(pinnedNew.Holds, pinnedNew.Failure?.ToString());
        Assert.Equal(2, pinnedNew.CheckpointsChecked);
        var pinnedOld = await ExportVerifier.VerifyFileAsync(path, oldKey, default);
        Assert.True(pinnedOld.Holds, pinnedOld.Failure?.ToString());
        using var stranger = AuditSigningKey.FromSeed(new byte[32]);
        var pinnedStranger = await ExportVerifier.VerifyFileAsync(path, stranger.PublicKey, default);
        Assert.Equal(AuditFinding.BadSignature, pinnedStranger.Failure?.Code);
    }

    [Fact]
    public async Task A_hand_over_not_signed_by_both_keys_or_removed_fails_verification()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await Rotator(ledger).RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();

        await ledger.ExecuteAsync("update ledger.audit_key_rotations set new_signature = old_signature");
        var forged = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.BadSignature, forged.Failure?.Code);
        Assert.Contains("not signed by both keys", forged.Failure!.Message);

        await ledger.ExecuteAsync("delete from ledger.audit_key_rotations");
        var removed = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.BadSignature, removed.Failure?.Code);
    }

    [Fact]
    public async Task Another_process_picks_up_the_new_key_and_signs_nothing_with_the_retired_one()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var options = Options(ledger);
        var otherProcess = new AuditKeyRing(options); // loaded the old key before the rotation
        var oldSeed = await File.ReadAllTextAsync(options.SigningKeyPath);
        var rotation = await Rotator(ledger).RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.Chain.CatchUpAsync(AuditedLedger.Timeout());

        // The key file put back to the retired key (a hand-over half done by hand): refuse to sign.
        var newSeed = await File.ReadAllTextAsync(options.SigningKeyPath);
        await File.WriteAllTextAsync(options.SigningKeyPath, oldSeed);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Checkpointer(ledger, otherProcess).CheckpointAsync(force: true, default));
        Assert.Equal(1, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_checkpoints"));

        await File.WriteAllTextAsync(options.SigningKeyPath, newSeed);
        var signed = await Checkpointer(ledger, otherProcess).CheckpointAsync(force: true, default);
        Assert.Equal(AuditKeys.KeyIdOf(rotation.NewKey), signed!.KeyId);
        Assert.True((await ledger.Verifier.VerifyAsync(default)).Holds);
    }

    [Fact]
    public async Task An_inline_key_is_not_rotated_and_nothing_is_recorded()
    {
        var inline = Convert.ToBase64String(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray());
        await using var ledger = await AuditedLedger.CreateAsync(o => o.SigningKey = inline);
        await ledger.RunStoryAsync();
        await ledger.SealAsync();

        var refused = await Assert.ThrowsAsync<AuditKeyRotationRefused>(() => Rotator(ledger).RotateAsync(default));

        Assert.Contains("Audit:SigningKey", refused.Message);
        Assert.Equal(0, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_key_rotations"));
    }

    private static AuditKeyRotator Rotator(AuditedLedger ledger) => ledger.Services.GetRequiredService<AuditKeyRotator>();

    private static AuditOptions Options(AuditedLedger ledger) => ledger.Services.GetRequiredService<AuditOptions>();

    private static AuditCheckpointer Checkpointer(AuditedLedger ledger, AuditKeyRing ring) =>
        new(ledger.DataSource, Options(ledger), ring, TimeProvider.System, ledger.Services.GetRequiredService<AuditStoreSchema>());
}
