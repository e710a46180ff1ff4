namespace Ledger.Vision.Inference;

/// <summary>The model pack is missing, incomplete or does not match its manifest.</summary>
public sealed class ModelPackException(string message) : Exception(message);
