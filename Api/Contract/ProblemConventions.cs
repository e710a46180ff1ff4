using Ledger.Api.Access;
using Ledger.Api.Terminals;

namespace Ledger.Api.Contract;

/// <summary>
/// The problem answers an endpoint gives because of how it is declared, not what it does: its access rule
/// (CredentialCheck, TerminalSignatureCheck), its Idempotency-Key, its body and query (the binder, the validators,
/// BodySizeLimit, ExceptionProblems), and what every endpoint can meet (the rate limiter, the store going away).
/// Derived from the same metadata that switches those checks on, so the contract cannot list a check the endpoint
/// does not run, nor miss one it does.
/// </summary>
public static class ProblemConventions
{
    /// <summary>What the contract needs to know of an endpoint's declaration.</summary>
    public sealed record Shape(IReadOnlyList<object> Metadata, bool JsonBody, bool MultipartBody, bool TypedQuery);

    public static IEnumerable<ProblemAnswer> For(Shape endpoint)
    {
        var metadata = endpoint.Metadata;
        // The global token buckets (per client address, per terminal key) stand before every endpoint.
        yield return new(429, ["rate_limited"]);
        yield return new(500, ["internal"]);
        // BodySizeLimit refuses an oversized body before routing is done with it, whatever the endpoint.
        yield return new(413, ["body_too_large"]);

        var roles = metadata.OfType<RolesAllowed>().Any();
        var terminal = metadata.OfType<TerminalSigned>().Any();
        var idempotent = metadata.OfType<IdempotentCommand>().Any();
        if (roles)
        {
            yield return new(401, ["credential_missing", "credential_unknown"]);
            yield return new(403, ["role_forbidden"]);
        }
        if (terminal)
        {
            yield return new(401, ["signature_missing", "nonce_invalid", "timestamp_out_of_window", "key_unknown", "signature_version_retired",
                "signature_invalid", "replayed"]);
            yield return new(403, ["terminal_not_active", "merchant_not_active"]);
            yield return new(429, ["too_many_failed_attempts"]);
            // Bodies of signed requests are read within the memory budget (LargeBodyBudget), key lookups within theirs.
            yield return new(503, ["busy"]);
        }
        // Credential and key lookups, idempotency records and the ledger itself live in PostgreSQL.
        if (roles || terminal || idempotent) yield return new(503, ["store_unavailable"]);
        if (idempotent)
        {
            yield return new(400, ["validation"]);
            yield return new(409, ["idempotency_conflict", "contention"]);
        }
        if (endpoint.JsonBody || endpoint.MultipartBody)
        {
            yield return new(400, ["validation", "malformed_json", "duplicate_key", "bad_request"]);
            yield return new(415, ["bad_request"]);
        }
        if (endpoint.MultipartBody) yield return new(400, ["ambiguous_form"]);
        // A query value the binder cannot read (limit=abc) is refused before the handler runs.
        if (endpoint.TypedQuery) yield return new(400, ["bad_request"]);
    }

    /// <summary>The conventions and the endpoint's own <see cref="ProblemAnswer"/>s, one entry per status, codes in order.</summary>
    public static IReadOnlyList<ProblemAnswer> AllOf(Shape endpoint) =>
        For(endpoint).Concat(endpoint.Metadata.OfType<ProblemAnswer>())
            .GroupBy(p => p.Status)
            .OrderBy(g => g.Key)
            .Select(g => new ProblemAnswer(g.Key, g.SelectMany(p => p.Codes).Select(c => c.Replace('-', '_')).Distinct().ToList()))
            .ToList();
}

/// <summary>Endpoint metadata: a state change that takes an Idempotency-Key (CommandContexts.RequireIdempotencyKey).</summary>
public sealed record IdempotentCommand;
