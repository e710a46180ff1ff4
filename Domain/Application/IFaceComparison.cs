using Ledger.Domain.FacePay;

namespace Ledger.Domain.Application;

/// <summary>A recognition model and how it is used: templates of another model are never compared with it.</summary>
/// <param name="TemplateLength">How many numbers its templates have (the model's declared embedding size).</param>
/// <param name="Threshold">Distance under which a probe matches, in the model's metric.</param>
/// <param name="Margin">Lead over the runner-up a 1:N match needs, in the same units.</param>
/// <param name="OperatingPoint">Threshold and margin with where they come from, recorded with every decision.</param>
public sealed record FaceModel(string Key, string Sha256, int TemplateLength, float Threshold, float Margin, FaceOperatingPoint OperatingPoint);

/// <summary>One template a probe is compared with, opened for this comparison only, with the model that made it.</summary>
public sealed record FaceCandidate(string Id, float[] Template, string ModelId);

/// <summary>
/// The template the model in service makes of a capture (to renew a customer's template after a model upgrade), what it
/// saw and measured, and whether it takes the capture for one of the other candidates it was given.
/// </summary>
public sealed record ProbeTemplate(float[] Values, int FacesSeen, FaceQuality? Quality, bool LooksLikeAnother);

/// <summary>The vision plugin as face pay needs it: compare one probe with a few candidates and say what was measured.</summary>
public interface IFaceComparison
{
    /// <summary>The model in service: enrolments and renewals make its templates.</summary>
    FaceModel Model { get; }

    /// <summary>Older models whose templates are still compared so that a payment can renew them (none by default).</summary>
    IReadOnlyList<FaceModel> RenewFrom { get; }

    /// <summary>Compares under the candidates' model (all of one model; never across models).</summary>
    /// <exception cref="DomainRuleViolation">The capture cannot be read as an image (image_corrupt, ...).</exception>
    Task<FaceMeasurement> MeasureAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> candidates, CancellationToken ct);

    /// <summary>The model in service's template of the capture (its first frame), compared with <paramref name="others"/> of that model.</summary>
    Task<ProbeTemplate> TemplateOfAsync(FaceProbe probe, IReadOnlyList<FaceCandidate> others, CancellationToken ct);
}
