using System.Globalization;
using Ledger.Domain.Access;
using Ledger.Domain.Fraud;
using Ledger.Infrastructure.Fraud;
using Ledger.Infrastructure.Reads;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// One wallet or terminal under review: its status, its fraud view (the counts of <c>GET /v1/fraud/wallets/{id}</c>),
/// its alerts (newest first, keyset <c>before</c>), its latest decisions, and the act operators have for it (unfreeze,
/// reactivate) with a reason, posted to the fraud page's own forms. Operators only, as the fraud reads are.
/// </summary>
[ConsolePage(Role.Operator)]
public sealed class FraudSubjectModel(FraudReads fraud, SubjectReads subjects) : ConsolePageModel
{
    public const int Decisions = 20;
    private const int AlertPage = 50;

    [BindProperty(SupportsGet = true, Name = "subject")]
    public string? SubjectText { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    public SubjectState? State { get; private set; }
    public FraudActivity? Activity { get; private set; }
    public IReadOnlyList<FraudAlertView> Alerts { get; private set; } = [];
    public string? NextLink { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(SubjectText)) return;
        if (!FraudSubject.TryParse(SubjectText.Trim(), out var subject))
        {
            Fail(StatusCodes.Status400BadRequest, "A subject is wallet:ID or terminal:ID, the id a UUID.");
            return;
        }
        long? before = null;
        if (Before is not null)
        {
            if (!long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < 1)
            {
                Fail(StatusCodes.Status400BadRequest, "before must be an alert number, 1 or more.");
                return;
            }
            before = b;
        }
        State = await subjects.ReadAsync(subject!, Decisions, ct);
        if (!State.Exists)
        {
            Fail(StatusCodes.Status404NotFound, $"There is no {subject!.Kind.ToString().ToLowerInvariant()} {subject.Id}.");
            return;
        }
        Activity = subject!.Kind == FraudSubjectKind.Wallet
            ? (await fraud.WalletAsync(subject.Id, ct))?.Activity
            : (await fraud.TerminalAsync(subject.Id, ct))?.Activity;
        var page = await fraud.AlertsAsync(subject, before, AlertPage, ct);
        Alerts = page.Alerts;
        NextLink = page.Before is { } cursor ? $"/console/fraud/subject?subject={subject}&before={cursor}" : null;
    }

    public static string Link(FraudSubjectKind kind, Guid id) => $"/console/fraud/subject?subject={kind.ToString().ToLowerInvariant()}:{id}";
}
