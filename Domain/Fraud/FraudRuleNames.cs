namespace Ledger.Domain.Fraud;

/// <summary>Rule names as stored on alerts: never rename one; a changed rule gets a new policy version.</summary>
public static class FraudRuleNames
{
    public const string TerminalFaceFailures = "terminal_face_failures";
    public const string TerminalDeclines = "terminal_declines";
    public const string CustomerFaceFailures = "customer_face_failures";
    public const string CustomerPaymentsPerMinute = "customer_payments_per_minute";
    public const string CustomerPaymentsPerHour = "customer_payments_per_hour";
    public const string CustomerUnusualAmount = "customer_unusual_amount";
    public const string CustomerImpossibleTravel = "customer_impossible_travel";
}
