using Ledger.Generated;
using Ledger.Generated.Models;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Ledger.GeneratedClient;

/// <summary>
/// An operator's day and an auditor's read through the client Kiota generated from /openapi/v1.json, nothing else: open a
/// wallet, top it up, onboard a merchant, register a terminal, then the auditor reads the trial balance and the wallet's
/// state. The clients passed in carry the bearer tokens and the service's address. Answers one line per step for the test.
/// </summary>
public static class OperatorFlow
{
    public static async Task<string> RunAsync(HttpClient operatorHttp, HttpClient auditorHttp)
    {
        var op = Client(operatorHttp);
        var auditor = Client(auditorHttp);
        var lines = new List<string>();

        var wallet = await op.V1.Wallets.PostAsync(new OpenWalletRequest
        {
            CustomerName = "Generated Client", PhoneNumber = "+4915100000777", Currency = "EUR",
        }, Key);
        lines.Add($"opened {wallet!.WalletId} {wallet.Status} {wallet.Balance!.Amount}");

        var topped = await op.V1.Wallets[wallet.WalletId!.Value].TopUps.PostAsync(
            new MoneyMovementRequest { Amount = "25.50", Currency = "EUR", Reference = "generated-client" }, Key);
        lines.Add($"topped-up {topped!.Balance!.Amount} {topped.Balance.Currency}");

        var merchant = await op.V1.Merchants.PostAsync(new OnboardMerchantRequest
        {
            Name = "Generated Kiosk", SettlementCurrency = "EUR", SettlementAccount = "DE89370400440532013000",
        }, Key);
        var terminal = await op.V1.Terminals.PostAsync(new RegisterTerminalRequest { MerchantId = merchant!.MerchantId, Label = "generated till" }, Key);
        lines.Add($"registered {terminal!.TerminalId} {terminal.Status} key={terminal.Key!.KeyId} secret-shown={!string.IsNullOrEmpty(terminal.Key.Secret)}");

        var trial = await auditor.V1.Ledger.TrialBalance.GetAsync();
        var eur = trial!.Single(l => l.Currency == "EUR");
        lines.Add($"trial-balance EUR unbalanced={eur.UnbalancedEntries} sum={eur.SumOfAllAccountsMinor}");

        var state = await auditor.V1.Audit.State["wallet"][wallet.WalletId.Value].GetAsync();
        lines.Add($"audit-state {state!.Kind} {state.Id} version={state.Version}");
        return string.Join("\n", lines);
    }

    private static LedgerClient Client(HttpClient http) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        });

    // Every state change takes an Idempotency-Key (declared as a required header in the contract).
    private static void Key<T>(Microsoft.Kiota.Abstractions.RequestConfiguration<T> config) where T : class, new() =>
        config.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
}
