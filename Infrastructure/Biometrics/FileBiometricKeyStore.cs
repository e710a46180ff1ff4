using System.Security.Cryptography;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// The biometric key store as files under one directory that only the service's user may enter (0700; files 0600):
/// <c>data-keys/{wallet}/{template}.key</c> and one file per deployment secret. A directory that others can read is
/// refused at start, as ssh refuses a private key others can read. A destroyed key is overwritten before it is
/// unlinked (on a journalling or flash file system a block may still survive; keep the directory on an encrypted
/// volume that is not snapshotted with the database).
/// </summary>
public sealed class FileBiometricKeyStore : IBiometricKeyStore
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root;
    private readonly object _secretsLock = new();

    public FileBiometricKeyStore(string directory)
    {
        _root = Path.GetFullPath(directory);
        EnsurePrivateDirectory(_root);
        EnsurePrivateDirectory(DataKeys);
    }

    public string Root => _root;

    private string DataKeys => Path.Combine(_root, "data-keys");

    public void StoreDataKey(Guid walletId, Guid templateId, byte[] wrappedKey)
    {
        var folder = Path.Combine(DataKeys, walletId.ToString("N"));
        EnsurePrivateDirectory(folder);
        WriteAtomically(KeyPath(walletId, templateId), wrappedKey, overwrite: true);
    }

    public byte[]? DataKey(Guid walletId, Guid templateId)
    {
        try { return File.ReadAllBytes(KeyPath(walletId, templateId)); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    public void DestroyDataKeys(Guid walletId, Guid? keep = null)
    {
        var folder = Path.Combine(DataKeys, walletId.ToString("N"));
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (keep is { } k && Path.GetFileName(file) == $"{k:N}.key") continue;
            Shred(file);
        }
        if (keep is null) Directory.Delete(folder, recursive: true);
    }

    public byte[] Secret(string name)
    {
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            throw new ArgumentException("A secret's name is lower-case letters and dashes.", nameof(name));
        var path = Path.Combine(_root, name);
        lock (_secretsLock)
        {
            if (!File.Exists(path))
                // Another instance may make it at the same moment: the first one written wins, both read it back.
                WriteAtomically(path, System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), overwrite: false);
            var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return secret.Length == 32 ? secret : throw new InvalidOperationException($"The key store's secret '{name}' is not 32 bytes.");
        }
    }

    private string KeyPath(Guid walletId, Guid templateId) => Path.Combine(DataKeys, walletId.ToString("N"), $"{templateId:N}.key");

    private static void EnsurePrivateDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
            else Directory.CreateDirectory(path, DirectoryMode);
            return;
        }
        if (OperatingSystem.IsWindows()) return;
        var mode = File.GetUnixFileMode(path);
        if ((mode & ~DirectoryMode) != 0)
            throw new InvalidOperationException(
                $"The biometric key store {path} can be entered by other users ({Convert.ToString((int)mode, 8)}); chmod 700 it.");
    }

    private static void WriteAtomically(string path, byte[] bytes, bool overwrite)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFileMode;
        using (var stream = new FileStream(temporary, options)) stream.Write(bytes);
        try { File.Move(temporary, path, overwrite); }
        catch (IOException) when (!overwrite && File.Exists(path)) { File.Delete(temporary); }
    }

    private static void Shred(string file)
    {
        try
        {
            var length = new FileInfo(file).Length;
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                stream.Write(new byte[length]);
            File.Delete(file);
        }
        catch (FileNotFoundException) { }
    }
}
