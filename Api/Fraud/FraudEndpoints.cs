using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Fraud;
using Ledger.Infrastructure.Fraud;

namespace Ledger.Api.Fraud;

/// <summary>
/// Operators' fraud reads: the alerts and the per-terminal and per-customer views. They are asynchronous views,
/// a moment behind the payments. Reviewing an alert ends in the usual commands (unfreeze a wallet, reactivate a
/// terminal); auditors see the same facts through the audit endpoints.
/// </summary>
/// <summary>A page of alerts, newest first, and the link to the older ones (null on the last page).</summary>
public sealed record FraudAlertsPage(IReadOnlyList<FraudAlertView> Alerts, string? Next);

public static class FraudEndpoints
{
    public static void MapFraudEndpoints(this IEndpointRouteBuilder app)
    {
        var fraud = app.MapGroup("/v1/fraud").WithTags(ApiTags.Fraud).RequireRole(Role.Operator);

        fraud.MapGet("/alerts", async (string? subject, long? before, int? limit, FraudReads reads, CancellationToken ct) =>
        {
            FraudSubject? filter = null;
            if (subject is not null && !FraudSubject.TryParse(subject, out filter))
                return Problems.Validation(new Dictionary<string, string[]>
                {
                    ["subject"] = ["Expected wallet:{id} or terminal:{id}."],
                });
            if (before is < 1)
                return Problems.Validation(new Dictionary<string, string[]> { ["before"] = ["Must be a positive sequence."] });
            var page = await reads.AlertsAsync(filter, before, Math.Clamp(limit ?? FraudReads.DefaultPageSize, 1, FraudReads.MaxPageSize), ct);
            return Results.Ok(new FraudAlertsPage(page.Alerts, page.Before is { } cursor
                ? $"/v1/fraud/alerts?before={cursor}" + (subject is null ? "" : $"&subject={Uri.EscapeDataString(subject)}")
                : null));
        }).WithName("listFraudAlerts").Produces<FraudAlertsPage>().Refuses(400, "validation").WithSummary("Fraud alerts, newest first (keyset pagination with before=), optionally for one subject: wallet:{id} or terminal:{id}");

        fraud.MapGet("/terminals/{terminalId:guid}", async (Guid terminalId, FraudReads reads, CancellationToken ct) =>
            await reads.TerminalAsync(terminalId, ct) is { } view
                ? Results.Ok(view.Activity)
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"No fraud view for terminal {terminalId} (yet)."))
            .WithName("getTerminalFraudView").Produces<FraudActivity>().Refuses(404, RuleCodes.NotFound).WithSummary("A terminal's fraud view: totals, alerts, attempts, declines and failed faces in the last minute, ten minutes and hour");

        fraud.MapGet("/wallets/{walletId:guid}", async (Guid walletId, FraudReads reads, CancellationToken ct) =>
            await reads.WalletAsync(walletId, ct) is { } view
                ? Results.Ok(view.Activity)
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"No fraud view for wallet {walletId} (yet)."))
            .WithName("getWalletFraudView").Produces<FraudActivity>().Refuses(404, RuleCodes.NotFound).WithSummary("A customer's fraud view: totals, alerts, payments and failed faces in the last minute, ten minutes and hour");
    }
}
