namespace Ledger.Infrastructure.Secrets;

/// <summary>The secrets directory cannot be used as it stands; the service does not start, the tool exits 1.</summary>
public sealed class SecretFilesRefused(string message) : InvalidOperationException(message);
