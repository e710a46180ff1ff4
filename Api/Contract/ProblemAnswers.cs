using Ledger.Api.Http;

namespace Ledger.Api.Contract;

/// <summary>
/// Endpoint metadata: the endpoint itself may answer <see cref="Status"/> with one of these problem codes (besides what
/// its access, idempotency and body conventions add, <see cref="ProblemConventions"/>). The published contract lists
/// them per operation, and ContractConformanceTests fail when the service answers one that is not listed.
/// </summary>
public sealed record ProblemAnswer(int Status, IReadOnlyList<string> Codes)
{
    /// <summary>The problem's <c>type</c> URNs, as <see cref="Problems.TypeFor"/> writes them.</summary>
    public IEnumerable<string> Types => Codes.Select(Problems.TypeFor);
}

public static class ProblemAnswers
{
    /// <summary>Declares a problem answer of the endpoint's own (404 not-found, a 409, the ledger rules it can break as 422).</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder
    {
        if (codes.Length == 0) throw new ArgumentException("Name at least one problem code.", nameof(codes));
        return builder.WithMetadata(new ProblemAnswer(status, codes));
    }
}
