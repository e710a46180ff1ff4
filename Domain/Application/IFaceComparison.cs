using Ledger.Domain.FacePay;

namespace Ledger.Domain.Application;

/// <summary>The recognition model in service and how it is used: templates of another model are never compared with it.</summary>
/// <param name="TemplateLength">How many numbers its templates have.</param>
/// <param name="Threshold">Distance under which a probe matches.</param>
/// <param name="Margin">Lead over the runner-up a 1:N match needs.</param>
public sealed record FaceModel(string Key, string Sha256, int TemplateLength, float Threshold, float Margin);

/// <summary>One template a probe is compared with, opened for this comparison only.</summary>
public sealed record FaceCandidate(string Id, float[] Template);

/// <summary>The vision plugin as face pay needs it: compare one probe with a few candidates and say what was measured.</summary>
public interface IFaceComparison
{
    FaceModel Model { get; }

    /// <exception cref="DomainRuleViolation">The capture cannot be read as an image (image_corrupt, ...).</exception>
    Task<FaceMeasurement> MeasureAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> candidates, CancellationToken ct);
}
