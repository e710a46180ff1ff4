namespace Ledger.Vision.Matching;

/// <summary>A 1:1 comparison against one template.</summary>
/// <param name="Decision"><see cref="MatchDecision.Match"/> or <see cref="MatchDecision.NoMatch"/>.</param>
/// <param name="Distance">Euclidean distance between the descriptors.</param>
/// <param name="Score">Similarity from <see cref="FaceDistance.Score"/>.</param>
/// <param name="Threshold">The distance threshold applied.</param>
/// <param name="ModelKey">Model both templates came from.</param>
public sealed record VerificationMatch(MatchDecision Decision, float Distance, float Score, float Threshold, string ModelKey);

/// <summary>A gallery entry for 1:N identification; one identity may have several templates.</summary>
/// <param name="Id">Identity (customer id, name...).</param>
/// <param name="Template">One enrolled template of that identity.</param>
public sealed record Candidate(string Id, Embedding.FaceTemplate Template);

/// <summary>A 1:N search over a candidate set.</summary>
/// <param name="Decision">Match (a clear winner under the threshold), NoMatch or Ambiguous.</param>
/// <param name="CandidateId">The named identity on a match; on Ambiguous the nearest one, for the operator only.</param>
/// <param name="Distance">Distance to the nearest identity (its closest template), or +inf with no candidates.</param>
/// <param name="Score">Similarity of the nearest identity.</param>
/// <param name="Threshold">The distance threshold applied.</param>
/// <param name="Margin">The required lead over the runner-up.</param>
/// <param name="RunnerUpId">The second-nearest identity, if any.</param>
/// <param name="RunnerUpDistance">Its distance, or +inf.</param>
/// <param name="ModelKey">Model of the probe.</param>
public sealed record IdentificationMatch(
    MatchDecision Decision, string? CandidateId, float Distance, float Score, float Threshold, float Margin,
    string? RunnerUpId, float RunnerUpDistance, string ModelKey);
