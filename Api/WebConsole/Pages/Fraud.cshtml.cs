using System.Globalization;
using Ledger.Api.Http;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Fraud;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// The alert queue (FraudReads, newest first, keyset <c>before</c>) and the two acts operators have over HTTP for it:
/// unfreeze a wallet, reactivate a terminal. Each asks for a reason, which the events carry in their <c>reason</c>
/// header; each form carries an idempotency key made when it was shown, so sending it twice acts once.
/// </summary>
[ConsolePage(Role.Operator)]
public sealed class FraudModel(FraudReads reads, WalletUseCases wallets, MerchantUseCases merchants) : ConsolePageModel
{
    public const int MinReason = 3;
    public const int MaxReason = 500;
    private const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true, Name = "done")]
    public string? DoneAct { get; set; }

    [BindProperty(SupportsGet = true, Name = "subject")]
    public Guid? DoneSubject { get; set; }

    /// <summary>What the last act did, said by the server (never text from the link, which anyone could write).</summary>
    public string? Done => (DoneAct, DoneSubject) switch
    {
        ("unfreeze", { } id) => $"Wallet {id} unfrozen; your reason is recorded on its event.",
        ("reactivate", { } id) => $"Terminal {id} reactivated; your reason is recorded on its event.",
        _ => null,
    };

    public IReadOnlyList<FraudAlertView> Alerts { get; private set; } = [];
    public string? NextLink { get; private set; }

    public static string NewKey() => "console-" + Guid.NewGuid().ToString("N");

    public async Task OnGetAsync(CancellationToken ct)
    {
        long? before = null;
        if (Before is not null)
        {
            if (!long.TryParse(Before, NumberStyles.None, CultureInfo.InvariantCulture, out var b) || b < 1)
            {
                Fail(StatusCodes.Status400BadRequest, "before must be an alert number, 1 or more.");
            }
            else before = b;
        }
        await LoadAsync(before, ct);
    }

    public Task<IActionResult> OnPostUnfreezeAsync([FromForm] string? subject, [FromForm] string? reason, [FromForm] string? key, CancellationToken ct) =>
        ActAsync(subject, reason, key, "unfreeze", (id, ctx) => wallets.HandleAsync(new UnfreezeWallet(id, ctx.Now), ctx, ct), ct);

    public Task<IActionResult> OnPostReactivateAsync([FromForm] string? subject, [FromForm] string? reason, [FromForm] string? key, CancellationToken ct) =>
        ActAsync(subject, reason, key, "reactivate", (id, ctx) => merchants.HandleAsync(new ReactivateTerminal(id, ctx.Now), ctx, ct), ct);

    private async Task<IActionResult> ActAsync(string? subject, string? reason, string? key, string done, Func<Guid, CommandContext, Task> act,
        CancellationToken ct)
    {
        if (!Guid.TryParse(subject?.Trim(), out var id))
            return await RefusedAsync(StatusCodes.Status400BadRequest, "That is not an id: expected a UUID.", ct);
        reason = reason?.Trim();
        if (reason is null || reason.Length < MinReason || reason.Length > MaxReason)
            return await RefusedAsync(StatusCodes.Status400BadRequest, $"Give a reason of {MinReason} to {MaxReason} characters: it is recorded with the act.", ct);
        if (!CommandContexts.IsUsableKey(key))
            return await RefusedAsync(StatusCodes.Status400BadRequest, "The form has no usable idempotency key: open the page again.", ct);
        try
        {
            await act(id, CommandContexts.For(HttpContext, key!, Guid.NewGuid().ToString("N"), reason));
        }
        catch (Exception e) when (ExceptionProblems.Classify(e, false) is { Status: < 500 } refused)
        {
            return await RefusedAsync(refused.Status, $"{refused.Title} {refused.Detail}", ct);
        }
        return Redirect($"/console/fraud?done={done}&subject={id}");
    }

    private async Task<IActionResult> RefusedAsync(int status, string message, CancellationToken ct)
    {
        Fail(status, message);
        await LoadAsync(null, ct);
        return Page();
    }

    private async Task LoadAsync(long? before, CancellationToken ct)
    {
        var page = await reads.AlertsAsync(null, before, PageSize, ct);
        Alerts = page.Alerts;
        NextLink = page.Before is { } cursor ? $"/console/fraud?before={cursor}" : null;
    }
}
