using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Reads;

namespace Ledger.Api.Journal;

/// <summary>A page of the journal and the link to the next one (null when this page is empty).</summary>
public sealed record JournalPage(IReadOnlyList<JournalEntryView> Entries, string? Next);

public static class JournalEndpoints
{
    public static void MapJournalEndpoints(this IEndpointRouteBuilder app)
    {
        // Finance reads: operators reconcile with them, auditors check them (an auditor's read is recorded).
        var ledger = app.MapGroup("/v1/ledger").WithTags(ApiTags.Journal).RequireRole(Role.Operator, Role.Auditor);

        ledger.MapGet("/journal", async (string? account, DateTimeOffset? after, Guid? afterEntry, int? limit, JournalReads journal, CancellationToken ct) =>
        {
            if (account is { Length: > 100 })
                return Problems.Validation(new Dictionary<string, string[]> { ["account"] = ["Unknown account code."] });
            var entries = await journal.EntriesAsync(account, after, afterEntry, Math.Clamp(limit ?? 100, 1, 1000), ct);
            var last = entries.LastOrDefault();
            return Results.Ok(new JournalPage(entries,
                last is null ? null : $"/v1/ledger/journal?after={Uri.EscapeDataString(last.PostedAt.ToString("O"))}&afterEntry={last.EntryId}"
                    + (account is null ? "" : $"&account={Uri.EscapeDataString(account)}")));
        }).WithName("listJournalEntries").Produces<JournalPage>().Refuses(400, "validation").WithSummary("Journal entries in posting order (keyset pagination), optionally for one account such as wallet:{id}");

        ledger.MapGet("/accounts/{account}", async (string account, JournalReads journal, CancellationToken ct) =>
            Results.Ok(await journal.BalancesAsync(account, ct)))
            .WithName("getAccountBalances").Produces<AccountBalance[]>().WithSummary("Balances of one journal account (wallet:{id}, merchant:{id}, external:funding, external:payout)");

        ledger.MapGet("/trial-balance", async (JournalReads journal, CancellationToken ct) =>
            Results.Ok(await journal.TrialBalanceAsync(ct)))
            .WithName("getTrialBalance").Produces<TrialBalanceLine[]>().WithSummary("Per currency: wallets + merchants against funded − paid out; all accounts must sum to zero");
    }
}
