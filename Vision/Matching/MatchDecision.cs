namespace Ledger.Vision.Matching;

/// <summary>Outcome of a comparison.</summary>
public enum MatchDecision
{
    /// <summary>Same person: distance at or under the threshold (and, in 1:N, clear of the runner-up).</summary>
    Match,
    /// <summary>Not the same person (1:1) or nobody in the candidate set (1:N).</summary>
    NoMatch,
    /// <summary>1:N only: two identities are within the margin of each other; nobody is named.</summary>
    Ambiguous,
}
