using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Replay;
using Marten;

namespace Ledger.Api.Audit;

/// <summary>
/// What the <c>ledger audit</c> and <c>ledger replay</c> verbs give on the host, over HTTP for auditors:
/// the signed export, a payment's recorded decision, a stream's state at a point in time. Read only;
/// every call is recorded in the audit read log before it is answered (<see cref="CredentialCheck"/>).
/// </summary>
public static class AuditReadEndpoints
{
    public const string JsonLinesType = "application/jsonl";

    public static void MapAuditReadEndpoints(this RouteGroupBuilder audit)
    {
        audit.MapGet("/export", async (DateTimeOffset? from, DateTimeOffset? to, Guid[]? stream, HttpContext http, AuditExporter exporter,
            CancellationToken ct) =>
        {
            if (from is not null && to is not null && from >= to)
                return Problems.Validation(new Dictionary<string, string[]> { ["from"] = ["from must be before to."] });
            if (stream is { Length: > 1000 })
                return Problems.Validation(new Dictionary<string, string[]> { ["stream"] = ["At most 1000 streams per export."] });
            var (file, refusal) = await ExportFile.MakeAsync(exporter, new ExportRequest(from, to, stream ?? []), ct);
            if (file is null) return Problems.Of(409, "export-not-possible", "Nothing can be exported for this selection yet.", refusal);
            http.Response.Headers["Ledger-Export-Events"] = file.Summary.Events.ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.Response.Headers["Ledger-Export-Not-Yet-Signed"] = file.Summary.NotYetSigned.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Stream(file.Content, JsonLinesType, ExportFile.FileName);
        }).RequireRole(Role.Auditor).WithName("exportAuditEvents").Produces<string>(StatusCodes.Status200OK, JsonLinesType)
          .Refuses(400, "validation").Refuses(409, "export-not-possible")
          .WithSummary("Signed events of a period (from inclusive, to exclusive) and/or streams as JSON Lines, verifiable offline with 'ledger audit verify'");

        audit.MapGet("/payments/{paymentId:guid}/explanation", async (Guid paymentId, HttpContext http, IDocumentStore store, CancellationToken ct) =>
        {
            var explanation = await new DecisionExplainer(store).ExplainAsync(paymentId, ct);
            if (explanation is null) return Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Payment {paymentId} has no recorded decision.");
            return WantsText(http) ? Results.Text(explanation.ToText(), "text/plain; charset=utf-8") : Results.Json(explanation, AuditJson.Options);
        }).RequireRole(Role.Auditor).WithName("explainPayment").Produces<DecisionExplanation>(StatusCodes.Status200OK, "application/json", "text/plain")
          .Refuses(404, RuleCodes.NotFound)
          .WithSummary("A payment's decision and its inputs as recorded (JSON, or text with Accept: text/plain)");

        audit.MapGet("/state/{kind}/{id:guid}", async (string kind, Guid id, DateTimeOffset? asOf, long? version, IDocumentStore store,
            CancellationToken ct) =>
        {
            var errors = PointInTime.Check(kind, asOf, version);
            if (errors.Count > 0) return Problems.Validation(errors);
            var replayed = await new PointInTime(store).ReplayAsync(kind, id, new AsOf(asOf, version), ct);
            return replayed.State is null
                ? Problems.Of(404, RuleCodes.NotFound, "Not found.", $"No {kind} {id} at that point.")
                : Results.Json(replayed, AuditJson.Options);
        }).RequireRole(Role.Auditor).WithName("getStateAsOf").Produces<ReplayedState>().Refuses(404, RuleCodes.NotFound).Refuses(400, "validation")
          .WithSummary("A wallet's, merchant's, terminal's or payment's state as of a time or stream version, folded from its events");
    }

    private static bool WantsText(HttpContext http) =>
        http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/plain", StringComparison.OrdinalIgnoreCase));
}
