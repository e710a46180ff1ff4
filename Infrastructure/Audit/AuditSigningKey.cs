using Ledger.Verifier;
using NSec.Cryptography;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// The Ed25519 key that signs checkpoints. Only its public half leaves the service (the public-key
/// endpoint and every export); whoever holds it can check a checkpoint without trusting us.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key _key;

    private AuditSigningKey(Key key)
    {
        _key = key;
        PublicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    public byte[] PublicKey { get; }

    public string PublicKeyBase64 => Convert.ToBase64String(PublicKey);

    public string KeyId => AuditKeys.KeyIdOf(PublicKey);

    public byte[] Sign(ReadOnlySpan<byte> message) => Ed25519.Sign(_key, message);

    public static AuditSigningKey FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32) throw new FormatException("An Ed25519 private key is a 32-byte seed.");
        return new AuditSigningKey(Key.Import(Ed25519, seed, KeyBlobFormat.RawPrivateKey));
    }

    /// <summary>The configured key: inline base64, else the key file, which is created when missing unless that is turned off.</summary>
    /// <summary>Where a rotation writes the new key before the hand-over is recorded and the key moved into place.</summary>
    internal static string PendingPath(AuditOptions options) => Path.GetFullPath(options.SigningKeyPath) + ".next";

    public static AuditSigningKey Load(AuditOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
            return FromSeed(Convert.FromBase64String(options.SigningKey.Trim()));
        var path = Path.GetFullPath(options.SigningKeyPath);
        if (!File.Exists(path) && !options.CreateKeyWhenMissing)
            throw new InvalidOperationException(
                $"No audit signing key: set Audit:SigningKey (env Audit__SigningKey, or a secret file of that name) to base64 of a " +
                $"32-byte seed, e.g. `openssl rand -base64 32` (docker/secrets.sh makes one), or put one in {path} (Audit:SigningKeyPath).");
        if (!File.Exists(path)) Create(path);
        return FromSeed(Convert.FromBase64String(File.ReadAllText(path).Trim()));
    }

    private static void Create(string path)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        WriteNew(temp).Dispose();
        // Two processes starting together: the first rename wins and both read the winner's key.
        try { File.Move(temp, path, overwrite: false); }
        catch (IOException) when (File.Exists(path)) { File.Delete(temp); }
    }

    /// <summary>A fresh key written to <paramref name="path"/> (replacing any file there), readable by this user only.</summary>
    internal static AuditSigningKey WriteNew(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        File.Delete(path);
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, fileOptions))
            writer.WriteLine(Convert.ToBase64String(seed));
        return FromSeed(seed);
    }

    public void Dispose() => _key.Dispose();
}
