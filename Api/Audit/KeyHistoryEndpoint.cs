using Ledger.Api.Access;
using Ledger.Infrastructure.Audit;
using Npgsql;

namespace Ledger.Api.Audit;

/// <summary>
/// The signing key's history, public like the key: every hand-over and every revocation, as JSON Lines in the export's
/// own line format. An auditor who pinned an older key fetches it now and then and verifies with <c>--keys</c>: an export
/// forged with a leaked, revoked key and stripped of its revocation is refused all the same (docs/AUDIT.md).
/// </summary>
public static class KeyHistoryEndpoint
{
    public static void MapKeyHistoryEndpoint(this RouteGroupBuilder audit)
    {
        audit.MapGet("/keys", async (HttpContext http, NpgsqlDataSource dataSource, AuditStoreSchema store, AuditOptions options, CancellationToken ct) =>
        {
            var body = new MemoryStream();
            await using (var connection = await dataSource.OpenConnectionAsync(ct))
                await KeyHistoryLines.WriteAsync(connection, store.Name, options.Origin, body, ct);
            return Results.Bytes(body.ToArray(), AuditReadEndpoints.JsonLinesType, "ledger-audit-keys.jsonl");
        }).AllowPublic().WithName("getAuditKeyHistory").Produces<string>(StatusCodes.Status200OK, AuditReadEndpoints.JsonLinesType)
          .WithSummary("Every hand-over and revocation of the audit signing key, as JSON Lines ('ledger audit verify --keys')");
    }
}
