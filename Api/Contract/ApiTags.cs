namespace Ledger.Api.Contract;

/// <summary>The contract's operation groups: each endpoint's tag, and what the document says of it.</summary>
public static class ApiTags
{
    public const string Wallets = "Wallets";
    public const string MerchantsAndTerminals = "Merchants and terminals";
    public const string Payments = "Payments";
    public const string FacePay = "Face pay";
    public const string FourEyes = "Four eyes";
    public const string DeviceKeysAndCapture = "Device keys and capture";
    public const string Journal = "Journal";
    public const string Fraud = "Fraud";
    public const string Audit = "Audit";

    public static readonly IReadOnlyDictionary<string, string> Descriptions = new Dictionary<string, string>
    {
        [Wallets] = "Operators: customer wallets, their limits, consent, top-ups, payouts and freezes.",
        [MerchantsAndTerminals] = "Operators: merchants, their terminals and the terminals' signing keys.",
        [Payments] = "Terminals take payments with a customer's one-time payment code; operators read and refund them.",
        [FacePay] = "Face enrolment with consent, verify-and-pay at the terminal, the customer's PIN, model upgrades.",
        [FourEyes] = "Sensitive acts filed by one operator and approved by another.",
        [DeviceKeysAndCapture] = "Terminals: the camera module's device key and the challenges its capture statements answer.",
        [Journal] = "Finance reads for operators and auditors: the double-entry journal, balances, the trial balance.",
        [Fraud] = "Operators: fraud alerts and the per-terminal and per-customer views.",
        [Audit] = "Auditors: signed exports, recorded decisions, state at a point in time; the public checkpoint key.",
    };
}
