using System.Globalization;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Reads;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// The finance reads of <c>/v1/ledger</c> (JournalReads): the trial balance per currency and one account's journal, paged
/// by the same keyset (<c>after</c>, <c>afterEntry</c>). Operators and auditors, as over HTTP; an auditor's read is
/// recorded with the account it names (<c>account=wallet:{id}</c>).
/// </summary>
[ConsolePage(Role.Operator, Role.Auditor)]
public sealed class FinanceModel(JournalReads journal, DailyReads daily, TimeProvider time) : ConsolePageModel
{
    public const int PageSize = 50;
    private const int MaxAccountLength = 100;

    [BindProperty(SupportsGet = true, Name = "account")]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    [BindProperty(SupportsGet = true, Name = "afterEntry")]
    public string? AfterEntry { get; set; }

    public const int DefaultDays = 30;

    [BindProperty(SupportsGet = true, Name = "days")]
    public string? DaysText { get; set; }

    [BindProperty(SupportsGet = true, Name = "currency")]
    public string? ChartCurrency { get; set; }

    public FinanceCharts? Charts { get; private set; }
    public string? ChartError { get; private set; }
    public IReadOnlyList<TrialBalanceLine> TrialBalance { get; private set; } = [];
    public IReadOnlyList<AccountBalance> Balances { get; private set; } = [];
    public IReadOnlyList<JournalEntryView> Entries { get; private set; } = [];
    public string? NextLink { get; private set; }
    public string FirstLink => $"/console/finance?account={Uri.EscapeDataString(Account ?? "")}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        TrialBalance = await journal.TrialBalanceAsync(ct);
        await LoadChartsAsync(ct);
        if (string.IsNullOrWhiteSpace(Account))
        {
            Account = null;
            return;
        }
        Account = Account.Trim();
        if (Account.Length > MaxAccountLength || !Account.Contains(':'))
        {
            Fail(StatusCodes.Status400BadRequest, "Not an account code: expected wallet:ID, merchant:ID, external:funding or external:payout.");
            return;
        }
        DateTimeOffset? after = null;
        Guid? afterEntry = null;
        if (After is not null || AfterEntry is not null)
        {
            if (!DateTimeOffset.TryParse(After, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                || !Guid.TryParse(AfterEntry, out var entry))
            {
                Fail(StatusCodes.Status400BadRequest, "The page cursor is not valid (after must be a time, afterEntry an entry id): start again from the first page.");
                return;
            }
            (after, afterEntry) = (at, entry);
        }
        Balances = await journal.BalancesAsync(Account, ct);
        Entries = await journal.EntriesAsync(Account, after, afterEntry, PageSize, ct);
        if (Entries.Count == PageSize)
            NextLink = FirstLink + $"&after={Uri.EscapeDataString(Entries[^1].PostedAt.ToString("O"))}&afterEntry={Entries[^1].EntryId}";
    }

    private async Task LoadChartsAsync(CancellationToken ct)
    {
        var days = DefaultDays;
        if (DaysText is not null && (!int.TryParse(DaysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) || days is < 1 or > DailyReads.MaxDays))
        {
            ChartError = $"days must be a whole number from 1 to {DailyReads.MaxDays}.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var currency = ChartCurrency?.Trim().ToUpperInvariant() ?? TrialBalance.FirstOrDefault()?.Currency ?? "EUR";
        if (!Currency.TryParse(currency, out _))
        {
            ChartError = "currency must be an ISO 4217 code such as EUR.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = today.AddDays(1 - days);
        Charts = FinanceCharts.Of(from, days, currency, await daily.TotalsAsync(from, days, ct), await daily.DeclinesAsync(from, days, ct));
    }

    public static string Amount(long minor, string currency) => MoneyText.Format(new Money(minor, Currency.Of(currency)));
}
