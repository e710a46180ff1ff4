using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ledger.Bench.FacePay;

/// <summary>A bench customer: the wallet, the phone number whose last four digits the terminal types, and whose face it is.</summary>
internal sealed record Customer(string Person, Guid WalletId, string Phone)
{
    public string LastFour => Phone[^4..];
}

/// <summary>
/// Sets up what a store has before its first face payment, through the operator and terminal endpoints:
/// a merchant with one terminal, and one funded wallet per person enrolled from crop 1 of ../shared/faces,
/// each a regular at the merchant (one plain signed payment), so that the last four phone digits suffice.
/// </summary>
internal static class BenchShop
{
    private const string Currency = "EUR";

    /// <param name="approverToken">A second operator: enrolment needs a permit another operator approved.</param>
    public static async Task<(Terminal Terminal, IReadOnlyList<Customer> Customers)> OpenAsync(HttpClient http, string operatorToken, string approverToken,
        FaceSet faces)
    {
        var op = new AuthenticationHeaderValue("Bearer", operatorToken);
        var approver = new AuthenticationHeaderValue("Bearer", approverToken);
        var consentForm = new string('b', 64);
        var terminal = await TillAsync(http, operatorToken, "Bench Burger");

        var customers = new List<Customer>();
        foreach (var (person, index) in faces.People.Select((p, i) => (p, i)))
        {
            // Distinct last four digits per person: the phone hint then narrows the search to exactly one candidate.
            var phone = $"+4477001{index + 1:D5}";
            var limits = new { perPayment = "50.00", dailyAmount = "100000.00", dailyCount = 10_000, currency = Currency };
            var wallet = await OperatorAsync(http, op, "/v1/wallets", new { customerName = person, phoneNumber = phone, currency = Currency, limits });
            var walletId = wallet.GetProperty("walletId").GetGuid();
            await OperatorAsync(http, op, $"/v1/wallets/{walletId}/top-ups", new { amount = "90000.00", currency = Currency, reference = "bench" });
            var permit = await OperatorAsync(http, op, $"/v1/wallets/{walletId}/face/enrolment-approvals", new { consentFormSha256 = consentForm });
            var approvalId = permit.GetProperty("approvalId").GetGuid();
            await OperatorAsync(http, approver, $"/v1/approvals/{approvalId}/approve", new { });
            await OperatorAsync(http, op, $"/v1/wallets/{walletId}/face", new
            {
                image = Convert.ToBase64String(faces.Enrolment(person)),
                consent = new { purpose = "face payment at participating stores", policyVersion = "biometric-consent-2026-11", formSha256 = consentForm, approvalId },
            });
            var customer = new Customer(person, walletId, phone);
            var regular = await SendAsync(http, LedgerPayment(terminal, await FreshCodeAsync(http, operatorToken, customer)));
            if (regular.Status != "authorized") throw new InvalidOperationException($"{person}'s first plain payment was {regular.Status}");
            customers.Add(customer);
        }
        return (terminal, customers);
    }

    /// <summary>A merchant of that name with one registered terminal.</summary>
    public static async Task<Terminal> TillAsync(HttpClient http, string operatorToken, string merchantName)
    {
        var op = new AuthenticationHeaderValue("Bearer", operatorToken);
        var merchant = await OperatorAsync(http, op, "/v1/merchants", new { name = merchantName, settlementCurrency = Currency, settlementAccount = "DE89370400440532013000" });
        var registered = await OperatorAsync(http, op, "/v1/terminals", new { merchantId = merchant.GetProperty("merchantId").GetGuid(), label = $"{merchantName} till" });
        var key = registered.GetProperty("key");
        return new Terminal(registered.GetProperty("terminalId").GetGuid(), key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!,
            http.BaseAddress!);
    }

    /// <summary>
    /// The lock-outs and the fraud policy would end an experiment after a few declines (and turn a customer into "not
    /// eligible"): lifted for one run under a policy version that says so. The fraud rules still raise their alerts.
    /// </summary>
    public static Dictionary<string, string> LiftedLimits(string policyVersion) => new()
    {
        ["FacePay__PolicyVersion"] = policyVersion,
        ["FacePay__LockAfterFailures"] = "1000000",
        ["FacePay__HintLockAfterFailures"] = "1000000",
        ["Terminals__FailedAttempts__Max"] = "1000000",
        ["Terminals__FailedAttempts__PolicyVersion"] = policyVersion,
        ["Ledger__Fraud__RespondAutomatically"] = "false",
    };

    /// <summary>A signed plain payment of 1.00 with the customer's payment code (ledger only: no face).</summary>
    public static HttpRequestMessage LedgerPayment(Terminal terminal, string paymentCode) =>
        TerminalSigner.Post(terminal, "/v1/payments",
            JsonSerializer.SerializeToUtf8Bytes(new { terminalId = terminal.TerminalId, amount = "1.00", currency = Currency, paymentCode }),
            Guid.NewGuid().ToString("N"));

    /// <summary>
    /// A code the customer's phone would show, from a credential issued for this one payment: a code is single use
    /// within its 30-second step, and the bench pays far more often than that. The issuing is not timed.
    /// </summary>
    public static async Task<string> FreshCodeAsync(HttpClient http, string operatorToken, Customer customer)
    {
        var issued = await OperatorAsync(http, new AuthenticationHeaderValue("Bearer", operatorToken), $"/v1/wallets/{customer.WalletId}/payment-credentials", new { });
        var key = System.Buffers.Text.Base64Url.DecodeFromChars(issued.GetProperty("key").GetString()!);
        var credential = new Domain.PaymentCodes.PaymentCredentialId(long.Parse(issued.GetProperty("credential").GetString()!));
        return Domain.PaymentCodes.PaymentCode.Of(credential, Domain.PaymentCodes.PaymentCodeGenerator.CodeAt(key, DateTimeOffset.UtcNow)).ToString();
    }

    /// <summary>A signed verify-and-pay of 1.00 with the capture and the phone's last four digits.</summary>
    public static HttpRequestMessage FacePayment(Terminal terminal, Customer customer, byte[] capture) =>
        TerminalSigner.Post(terminal, "/v1/face-payments",
            JsonSerializer.SerializeToUtf8Bytes(new
            {
                terminalId = terminal.TerminalId, amount = "1.00", currency = Currency,
                customer = new { phoneLastFour = customer.LastFour }, image = Convert.ToBase64String(capture),
            }),
            Guid.NewGuid().ToString("N"));

    /// <summary>Sends a terminal request; the decision and, when the service reports it (Server-Timing), its own split.</summary>
    public static async Task<PaymentAnswer> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) return new PaymentAnswer($"http_{(int)response.StatusCode}", null, null, text);
        var body = JsonDocument.Parse(text).RootElement;
        var status = body.GetProperty("status").GetString()!;
        if (body.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String) status += $" ({reason.GetString()})";
        var stages = ServerTimingHeader.Parse(response);
        if (!stages.ContainsKey("ledger")) return new PaymentAnswer(status, null, null, null, stages);
        return new PaymentAnswer(status, ServerTimingHeader.VisionStages.Sum(s => stages.GetValueOrDefault(s)), stages["ledger"], null, stages);
    }

    /// <summary>An operator's POST with a fresh idempotency key; anything but success ends the bench.</summary>
    public static async Task<JsonElement> OperatorAsync(HttpClient http, AuthenticationHeaderValue op, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = op;
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>"authorized", "declined (reason)" or "http_NNN", with the server-reported vision and ledger milliseconds when given.</summary>
internal sealed record PaymentAnswer(string Status, double? VisionMs, double? LedgerMs, string? Problem, IReadOnlyDictionary<string, double>? Stages = null)
{
    public bool Authorized => Status == "authorized";
}
