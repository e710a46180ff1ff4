using Microsoft.Extensions.Configuration;

namespace Ledger.Infrastructure.Secrets;

/// <summary>
/// Settings read from a directory holding one file per setting, each named as its environment variable
/// (<c>Ledger__MasterKey</c> holds <c>Ledger:MasterKey</c>). That is how Docker and Kubernetes hand secrets to a
/// container (<c>/run/secrets</c>), so the master key, the audit signing key and the first operator's token are
/// neither in the image nor in the compose file nor in what <c>docker inspect</c> shows of the environment.
/// Used when <c>Ledger:SecretsDirectory</c> (env <c>Ledger__SecretsDirectory</c>) is set, by the service and the
/// <c>ledger</c> tool alike.
/// </summary>
public static class SecretFiles
{
    public const string DirectorySetting = "Ledger:SecretsDirectory";

    /// <summary>Adds the directory named by <paramref name="directory"/>, after checking every file in it.</summary>
    /// <param name="environment">Reads an environment variable; a setting given there and by a file is refused.</param>
    /// <exception cref="SecretFilesRefused">The directory is missing, a file is empty, or a setting is given twice.</exception>
    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder configuration, string? directory,
        Func<string, string?> environment)
    {
        if (string.IsNullOrWhiteSpace(directory)) return configuration;
        if (!Directory.Exists(directory))
            throw new SecretFilesRefused($"{DirectorySetting} is {directory}, which is not a directory.");
        foreach (var file in SettingFiles(directory)) Check(file, environment);
        return configuration.AddKeyPerFile(directory, optional: false);
    }

    /// <summary>The files the provider reads: regular files, not the "ignore." ones it skips by default.</summary>
    private static IEnumerable<FileInfo> SettingFiles(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles()
            .Where(f => !f.Name.StartsWith("ignore.", StringComparison.OrdinalIgnoreCase));

    private static void Check(FileInfo file, Func<string, string?> environment)
    {
        // Two sources for one setting is ambiguous: which one the service used would depend on the order of providers.
        var colon = file.Name.Replace("__", ":", StringComparison.Ordinal);
        if (!string.IsNullOrEmpty(environment(file.Name)) || !string.IsNullOrEmpty(environment(colon)))
            throw new SecretFilesRefused(
                $"{colon} is given twice: by the environment variable {file.Name} and by the secret file {file.FullName}. Give it once.");
        if (string.IsNullOrWhiteSpace(File.ReadAllText(file.FullName)))
            throw new SecretFilesRefused($"The secret file {file.FullName} is empty: it would set {colon} to nothing.");
    }
}
