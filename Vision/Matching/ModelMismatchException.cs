using Ledger.Vision.Embedding;

namespace Ledger.Vision.Matching;

/// <summary>Two templates from different models were about to be compared; the distance would be meaningless.</summary>
public sealed class ModelMismatchException(string probeModel, string templateModel)
    : Exception($"Cannot compare a template of model '{probeModel}' with one of model '{templateModel}': re-enrol with the same model.")
{
    /// <summary>Model of the probe.</summary>
    public string ProbeModel { get; } = probeModel;

    /// <summary>Model of the stored template.</summary>
    public string TemplateModel { get; } = templateModel;

    internal static void ThrowIfDifferent(FaceTemplate probe, FaceTemplate template)
    {
        if (!string.Equals(probe.ModelKey, template.ModelKey, StringComparison.Ordinal))
            throw new ModelMismatchException(probe.ModelKey, template.ModelKey);
    }
}
