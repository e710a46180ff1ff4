using Ledger.Api.Access;
using Ledger.Api.Contract;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit;
using Ledger.Verifier;

namespace Ledger.Api.Audit;

/// <summary>
/// The proof that the log signed at one checkpoint size still underlies the log at a later one (RFC 9162 §2.1.4), for
/// an auditor or witness who kept the earlier checkpoint: checking it needs only the two signed roots and these hashes.
/// </summary>
public static class ConsistencyEndpoint
{
    /// <summary>A signed checkpoint as exports carry it.</summary>
    /// <param name="Signature">Ed25519 over the canonical checkpoint statement (docs/AUDIT.md), base64.</param>
    public sealed record SignedCheckpoint(long Seq, long Size, string Root, string Head, string At, string KeyId, string Signature);

    /// <param name="Proof">The subtree roots of RFC 9162 §2.1.4.1, hex, in order; empty when both sizes are the same.</param>
    public sealed record ConsistencyResponse(SignedCheckpoint From, SignedCheckpoint To, IReadOnlyList<string> Proof);

    public static void MapConsistencyEndpoint(this RouteGroupBuilder audit)
    {
        audit.MapGet("/consistency", async (long? from, long? to, AuditConsistency consistency, CancellationToken ct) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (from is not > 0) errors["from"] = ["The size (events) of a signed checkpoint, 1 or more."];
            if (to is not > 0) errors["to"] = ["The size (events) of a signed checkpoint, 1 or more."];
            else if (from > to) errors["to"] = ["No smaller than from: a proof runs from an older checkpoint to a newer one."];
            if (errors.Count > 0) return Problems.Validation(errors);
            var proven = await consistency.BetweenAsync(from!.Value, to!.Value, ct);
            return proven is null
                ? Problems.Of(404, RuleCodes.NotFound, "Not found.", $"No checkpoint was signed over {from} or over {to} events: give sizes of signed checkpoints.")
                : Results.Ok(new ConsistencyResponse(Signed(proven.From), Signed(proven.To), proven.Proof.Select(h => ChainHash.ToHex(h)).ToList()));
        }).RequireRole(Role.Auditor).WithName("proveCheckpointConsistency").Produces<ConsistencyResponse>()
          .Refuses(400, "validation").Refuses(404, RuleCodes.NotFound)
          .WithSummary("Proof that the log at one signed checkpoint size extends the log at a smaller one (RFC 9162 consistency proof)");
    }

    private static SignedCheckpoint Signed(AuditCheckpoint c) =>
        new(c.Statement.Seq, c.Statement.Size, c.Statement.Root, c.Statement.Head, c.Statement.At, c.KeyId, Convert.ToBase64String(c.Signature));
}
