using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;
using Ledger.Verifier;

namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// A retired signing key leaks. Its holder can sign any statement with any date, so a verifier who pinned that key
/// must learn of the revocation (the published key history, <c>--keys</c>) and then refuses what the key signs beyond
/// its trusted size and every export statement it signs; genuine exports made afterwards keep verifying.
/// </summary>
public sealed class KeyRevocationTests
{
    [Fact]
    public async Task An_export_re_signed_with_a_leaked_revoked_key_fails_key_revoked_for_a_verifier_who_pinned_that_key()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var leaked = AuditSigningKey.FromSeed(Convert.FromBase64String((await File.ReadAllTextAsync(Options(ledger).SigningKeyPath)).Trim()));
        var old = await ExportAsync(ledger, new ExportRequest(null, null, [story.WalletIds[0]]));
        await Services<AuditKeyRotator>(ledger).RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();

        // The holder of the leaked key backdates an old export's statement and signs it again: nothing but the key says no.
        var forged = ReSigned(old, leaked, s => s with { ExportedAt = "2020-01-01T00:00:00.000000Z" });
        var unaware = await VerifyAsync(forged, leaked.PublicKey, knownKeys: null);
        Assert.True(unaware.Holds, "without the key's history a verifier pinned to the leaked key cannot tell; that is why it is published");

        var revocation = await Services<AuditKeyRevoker>(ledger).RevokeAsync(leaked.PublicKey, null, "seed found in a public paste", default);
        var published = await PublishedAsync(ledger);
        var refused = await VerifyAsync(forged, leaked.PublicKey, published);
        Assert.Equal(AuditFinding.KeyRevoked, refused.Failure?.Code);
        Assert.Contains("seed found in a public paste", refused.Failure!.Message);
        // The genuine old export was signed by the same key: it too is refused now, with the way forward.
        var genuineOld = await VerifyAsync(old, leaked.PublicKey, published);
        Assert.Equal(AuditFinding.KeyRevoked, genuineOld.Failure?.Code);
        Assert.Contains("Export the same selection again", genuineOld.Failure!.Message);

        // Exported again: signed by the key in charge, carrying the revocation; it verifies under either key, with or without --keys.
        var fresh = await ExportAsync(ledger, new ExportRequest(null, null, [story.WalletIds[0]]));
        Assert.Contains("\"kind\":\"revocation\"", fresh);
        foreach (var pinned in new[] { leaked.PublicKey, ledger.Key.PublicKey })
        {
            Assert.True((await VerifyAsync(fresh, pinned, published)).Holds);
            Assert.True((await VerifyAsync(fresh, pinned, knownKeys: null)).Holds);
        }
        Assert.Equal(revocation.Statement.TrustedRoot, (await ledger.ScalarAsync<string>(
            "select statement from ledger.audit_key_rotations")).Split("\"lastRoot\":\"")[1][..64]);
        Assert.True((await ledger.Verifier.VerifyAsync(default)).Holds);
    }

    [Fact]
    public async Task Trusted_only_up_to_an_earlier_checkpoint_the_revoked_keys_later_checkpoints_count_for_nothing_and_exports_skip_them()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var early = await ledger.SealAsync();
        await ledger.TopUpAsync(story.WalletIds[0]);
        var late = await ledger.SealAsync();
        var oldKey = ledger.Key.PublicKey;
        var beforeRevocation = await ExportAsync(ledger, new ExportRequest(null, null, []));
        await Services<AuditKeyRotator>(ledger).RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[1]);
        await ledger.SealAsync();

        await Services<AuditKeyRevoker>(ledger).RevokeAsync(oldKey, early.Statement.Size, "copied before the second checkpoint", default);

        var published = await PublishedAsync(ledger);
        var old = await VerifyAsync(beforeRevocation, ledger.Key.PublicKey, published);
        Assert.Equal(AuditFinding.KeyRevoked, old.Failure?.Code);
        var verifyDb = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.KeyRevoked, verifyDb.Failure?.Code);
        Assert.Equal(late.Statement.Seq, verifyDb.Failure!.Seq);
        // The exporter leaves the untrusted checkpoint out; the new key's checkpoint covers the same events.
        var fresh = await ExportAsync(ledger, new ExportRequest(null, null, []));
        Assert.DoesNotContain($"\"root\":\"{late.Statement.Root}\"", fresh);
        Assert.True((await VerifyAsync(fresh, oldKey, published)).Holds);
    }

    [Fact]
    public async Task The_key_in_charge_an_unknown_key_a_size_it_never_signed_and_no_reason_are_refused_and_nothing_is_recorded()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        var signed = await ledger.SealAsync();
        var oldKey = ledger.Key.PublicKey;
        var revoker = Services<AuditKeyRevoker>(ledger);

        var inCharge = await Assert.ThrowsAsync<AuditKeyRevocationRefused>(() => revoker.RevokeAsync(oldKey, null, "leaked", default));
        Assert.Contains("rotate-key", inCharge.Message);
        await Services<AuditKeyRotator>(ledger).RotateAsync(default);
        using var stranger = AuditSigningKey.FromSeed(new byte[32]);
        Assert.Contains("never signed", (await Assert.ThrowsAsync<AuditKeyRevocationRefused>(() =>
            revoker.RevokeAsync(stranger.PublicKey, null, "leaked", default))).Message);
        await Assert.ThrowsAsync<AuditKeyRevocationRefused>(() => revoker.RevokeAsync(oldKey, signed.Statement.Size + 1, "leaked", default));
        await Assert.ThrowsAsync<AuditKeyRevocationRefused>(() => revoker.RevokeAsync(oldKey, signed.Statement.Size - 1, "leaked", default));
        await Assert.ThrowsAsync<AuditKeyRevocationRefused>(() => revoker.RevokeAsync(oldKey, null, " x ", default));
        Assert.Equal(0L, await ledger.ScalarAsync<long>("select count(*) from ledger.audit_key_revocations"));
    }

    [Fact]
    public async Task A_revocation_signed_by_the_revoked_key_itself_or_edited_fails_verification()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        await ledger.RunStoryAsync();
        await ledger.SealAsync();
        var oldKey = ledger.Key.PublicKey;
        await Services<AuditKeyRotator>(ledger).RotateAsync(default);
        await Services<AuditKeyRevoker>(ledger).RevokeAsync(oldKey, null, "laptop stolen", default);

        await ledger.ExecuteAsOwnerAsync($"update ledger.audit_key_revocations set signed_by = decode('{Convert.ToHexString(oldKey)}', 'hex')");
        var selfSigned = await ledger.Verifier.VerifyAsync(default);
        Assert.Equal(AuditFinding.BadSignature, selfSigned.Failure?.Code);
        Assert.Contains("not signed by a key that took over", selfSigned.Failure!.Message);

        await ledger.ExecuteAsOwnerAsync($"update ledger.audit_key_revocations set signed_by = decode('{Convert.ToHexString(ledger.Key.PublicKey)}', 'hex'), " +
                                         "statement = replace(statement, 'laptop stolen', 'nothing happened')");
        Assert.Equal(AuditFinding.BadSignature, (await ledger.Verifier.VerifyAsync(default)).Failure?.Code);
    }

    [Fact]
    public async Task The_published_key_history_reads_back_and_a_hand_over_that_disagrees_with_the_files_is_refused()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        await ledger.SealAsync();
        await Services<AuditKeyRotator>(ledger).RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();
        var export = await ExportAsync(ledger, new ExportRequest(null, null, []));

        var published = await PublishedAsync(ledger);
        Assert.Single(published.Rotations);
        Assert.Empty(published.Revocations);
        Assert.Throws<FormatException>(() => KeyHistoryFile.Parse(["{\"kind\":\"rotation\",\"statement\":\"{}\",\"oldSignature\":\"\",\"newSignature\":\"\"}"]));

        var other = published.Rotations[0] with { Statement = published.Rotations[0].Statement with { At = "2020-01-01T00:00:00.000000Z" } };
        var disagreeing = await VerifyAsync(export, ledger.Key.PublicKey, ([other], []));
        Assert.Equal(AuditFinding.BadSignature, disagreeing.Failure?.Code);
        Assert.Contains("disagree with the published key history", disagreeing.Failure!.Message);
    }

    private static T Services<T>(AuditedLedger ledger) where T : notnull => ledger.Services.GetRequiredService<T>();

    private static AuditOptions Options(AuditedLedger ledger) => Services<AuditOptions>(ledger);

    private static async Task<string> ExportAsync(AuditedLedger ledger, ExportRequest request)
    {
        using var output = new MemoryStream();
        await ledger.Exporter.ExportAsync(request, output, default);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    private static async Task<(IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations)> PublishedAsync(AuditedLedger ledger)
    {
        using var output = new MemoryStream();
        await using (var connection = await ledger.DataSource.OpenConnectionAsync())
            await KeyHistoryLines.WriteAsync(connection, "ledger", Options(ledger).Origin, output, default);
        var (rotations, revocations) = KeyHistoryFile.Parse(System.Text.Encoding.UTF8.GetString(output.ToArray()).Split('\n'));
        return (rotations, revocations);
    }

    private static Task<AuditVerification> VerifyAsync(string export, byte[] pinned,
        (IReadOnlyList<KeyRotation> Rotations, IReadOnlyList<KeyRevocation> Revocations)? knownKeys) =>
        ExportVerifier.VerifyAsync(new StringReader(export), pinned, default, knownKeys: knownKeys);

    /// <summary>The export with its statement changed and signed again with <paramref name="key"/>, as the holder of a leaked key would.</summary>
    private static string ReSigned(string export, AuditSigningKey key, Func<ExportStatement, ExportStatement> change)
    {
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = ExportEdits.Line(lines[0]);
        var statement = change(ExportStatement.Parse(header["statement"]!.GetValue<string>()));
        header["statement"] = statement.CanonicalText();
        header["statementSignature"] = Convert.ToBase64String(key.Sign(statement.SignedBytes()));
        return string.Join('\n', ExportEdits.Replace(lines, 0, header.ToJsonString())) + "\n";
    }
}
