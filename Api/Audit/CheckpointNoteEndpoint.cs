using Ledger.Api.Access;
using Ledger.Api.Contract;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Infrastructure.Audit;

namespace Ledger.Api.Audit;

/// <summary>
/// The newest checkpoint as a C2SP signed note (text/plain): origin, size, base64 root and the Ed25519 note signature.
/// Public like the key: a root reveals nothing of the events, and witnesses that fetch it now and then are what make
/// a rewritten history detectable (docs/AUDIT.md).
/// </summary>
public static class CheckpointNoteEndpoint
{
    public const string NoteType = "text/plain";

    public static void MapCheckpointNoteEndpoint(this RouteGroupBuilder audit)
    {
        audit.MapGet("/checkpoint", async (AuditCheckpoints checkpoints, CancellationToken ct) =>
            await checkpoints.LatestAsync(ct) is { Note: { } note }
                ? Results.Text(note, NoteType + "; charset=utf-8")
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", "No checkpoint with a log name has been signed yet."))
          .AllowPublic().WithName("getLatestCheckpointNote").Produces<string>(StatusCodes.Status200OK, NoteType).Refuses(404, RuleCodes.NotFound)
          .WithSummary("The newest signed checkpoint as a C2SP tlog-checkpoint signed note (origin, size, root), for witnesses");
    }
}
