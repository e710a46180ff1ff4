using Ledger.Verifier;
namespace Ledger.Infrastructure.Audit;

/// <summary>
/// The signing key in charge. A rotation (<see cref="AuditKeyRotator"/>, perhaps in another process)
/// records the hand-over and replaces the key file; whoever signs next asks for the key the latest
/// hand-over names, and the ring reads the file again once instead of signing with a retired key.
/// </summary>
public sealed class AuditKeyRing(AuditOptions options)
{
    private volatile AuditSigningKey _current = AuditSigningKey.Load(options);

    public AuditSigningKey Current => _current;

    /// <summary>The key whose public half is <paramref name="publicKey"/>: the one held, else the configured one re-read.</summary>
    /// <exception cref="InvalidOperationException">The configuration does not hold that key (the rotation did not finish replacing the file).</exception>
    public AuditSigningKey Expect(byte[] publicKey)
    {
        if (_current.PublicKey.AsSpan().SequenceEqual(publicKey)) return _current;
        var reloaded = AuditSigningKey.Load(options);
        if (!reloaded.PublicKey.AsSpan().SequenceEqual(publicKey) && FinishInterruptedRotation(publicKey) is { } finished) reloaded = finished;
        if (!reloaded.PublicKey.AsSpan().SequenceEqual(publicKey))
            throw new InvalidOperationException(
                $"The audit signing key was handed over to key {AuditKeys.KeyIdOf(publicKey)}, but the configured key is {reloaded.KeyId}: " +
                $"nothing is signed with a retired key. Put the new key in place ({options.SigningKeyPath}.next from the rotation).");
        // The key it replaces is left to the collector: a checkpoint may be signing with it right now.
        return _current = reloaded;
    }

    /// <summary>
    /// A rotation that died after recording the hand-over and before moving its new key into place left that key in
    /// <c>SigningKeyPath.next</c>. When that file holds exactly the key the recorded hand-over names (which both keys
    /// signed), putting it in place is the step the rotation did not get to; any other file there is left alone.
    /// </summary>
    private AuditSigningKey? FinishInterruptedRotation(byte[] publicKey)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey)) return null;
        var path = Path.GetFullPath(options.SigningKeyPath);
        var next = AuditSigningKey.PendingPath(options);
        if (!File.Exists(next)) return null;
        using var waiting = AuditSigningKey.FromSeed(Convert.FromBase64String(File.ReadAllText(next).Trim()));
        if (!waiting.PublicKey.AsSpan().SequenceEqual(publicKey)) return null;
        try { File.Move(next, path, overwrite: true); }
        catch (FileNotFoundException) { } // another process finished it first: the file in place is the same key
        return AuditSigningKey.Load(options);
    }

    internal void Replace(AuditSigningKey key) => _current = key;
}
