using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit.Replay;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// A payment's recorded decision laid out: outcome, who asked, the parties (each a link to its stream), the limit rules
/// with their recorded figures, the face evidence, the refunds; and the same as <c>GET /v1/audit/payments/{id}/explanation</c>
/// gives it in text (DecisionExplainer).
/// Auditors only, as over HTTP; the payment is named <c>stream=</c> so the audit read log records it.
/// </summary>
[ConsolePage(Role.Auditor)]
public sealed class ExplanationModel(IDocumentStore store) : ConsolePageModel
{
    [BindProperty(SupportsGet = true, Name = "stream")]
    public string? Stream { get; set; }

    public Guid? PaymentId { get; private set; }
    public DecisionExplanation? Explanation { get; private set; }
    public string? Text => Explanation?.ToText();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Stream)) return;
        if (!Guid.TryParse(Stream.Trim(), out var id))
        {
            Fail(StatusCodes.Status400BadRequest, "That is not a payment id: expected a UUID.");
            return;
        }
        PaymentId = id;
        Explanation = await new DecisionExplainer(store).ExplainAsync(id, ct);
        if (Explanation is null) Fail(StatusCodes.Status404NotFound, $"Payment {id} has no recorded decision.");
    }

}
