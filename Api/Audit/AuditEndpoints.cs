using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Infrastructure.Audit;

namespace Ledger.Api.Audit;

/// <summary>Audit endpoints: the public key a third party needs to check our signed checkpoints, and the auditors' reads.</summary>
public static class AuditEndpoints
{
    /// <summary>The Ed25519 public key of the checkpoint signatures.</summary>
    /// <param name="PublicKey">Raw 32-byte public key, base64.</param>
    /// <param name="KeyId">First 8 bytes of SHA-256 of the raw key, hex: what exports and the CLI print.</param>
    public sealed record PublicKeyResponse(string Algorithm, string PublicKey, string KeyId);

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/v1/audit").WithTags(ApiTags.Audit);
        audit.MapGet("/public-key", (AuditKeyRing keys) => Results.Ok(new PublicKeyResponse("Ed25519", keys.Current.PublicKeyBase64, keys.Current.KeyId)))
            .AllowPublic().WithName("getAuditPublicKey").Produces<PublicKeyResponse>()
            .WithSummary("The public key that signs audit checkpoints; pin it when verifying an export.");
        audit.MapAuditReadEndpoints();
        audit.MapConsistencyEndpoint();
        audit.MapCheckpointNoteEndpoint();
        audit.MapKeyHistoryEndpoint();
        return app;
    }
}
