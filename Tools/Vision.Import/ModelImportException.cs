namespace Ledger.Vision.Import;

/// <summary>The source weights cannot be turned into a model pack (missing or damaged files, unknown formats).</summary>
public sealed class ModelImportException(string message) : Exception(message);
