namespace Ledger.Api.Payments;

/// <summary>
/// A new payment credential for the customer's device: its number, and its key (base64url of 32 bytes) which this
/// answer is the only place to read. The device makes codes from the key and the time (TOTP, HMAC-SHA-256).
/// </summary>
public sealed record PaymentCredentialIssuedResponse(string Credential, Guid WalletId, string Key, int Digits, int StepSeconds, string PolicyVersion);
