namespace Ledger.Domain;

/// <summary>Stable, machine-readable codes of refused commands (they appear in problem details).</summary>
public static class RuleCodes
{
    public const string UnknownCurrency = "unknown_currency";
    public const string TooManyDecimals = "too_many_decimals";
    public const string AmountOutOfRange = "amount_out_of_range";
    public const string AmountNotPositive = "amount_not_positive";
    public const string CurrencyMismatch = "currency_mismatch";
    public const string InvalidPhoneNumber = "invalid_phone_number";
    public const string InvalidLimits = "invalid_limits";
    public const string InvalidLocation = "invalid_location";
    public const string NotFound = "not_found";
    public const string AlreadyExists = "already_exists";
    public const string WalletNotActive = "wallet_not_active";
    public const string WalletClosed = "wallet_closed";
    public const string WalletNotFrozen = "wallet_not_frozen";
    public const string InsufficientFunds = "insufficient_funds";
    public const string BalanceNotZero = "balance_not_zero";
    public const string MerchantNotActive = "merchant_not_active";
    public const string TerminalNotActive = "terminal_not_active";
    /// <summary>The terminal made too many failed customer-factor attempts and is suspended until an operator reactivates it.</summary>
    public const string TooManyFailedAttempts = "too_many_failed_attempts";
    public const string PaymentNotAuthorized = "payment_not_authorized";
    public const string RefundExceedsCaptured = "refund_exceeds_captured";
    public const string ConsentMissing = "consent_missing";
    public const string InvalidPaymentCode = "invalid_payment_code";
    public const string PaymentCredentialRevoked = "payment_credential_revoked";

    /// <summary>capture_no_face, capture_multiple_faces, capture_face_too_small, capture_not_frontal, capture_blurred, capture_too_tilted.</summary>
    public static string CaptureRejected(FacePay.EnrolmentRejection rejection) => "capture_" + FromName(rejection.ToString());

    /// <summary>The stable snake_case code of a stored PascalCase name (a decline reason, an outcome): InsufficientFunds → insufficient_funds.</summary>
    public static string FromName(string pascal) =>
        string.Concat(pascal.Select((c, n) => char.IsUpper(c) && n > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
