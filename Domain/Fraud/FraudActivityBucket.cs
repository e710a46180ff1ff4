namespace Ledger.Domain.Fraud;

/// <summary>What a subject did in one bucket of a fraud view's window, from <see cref="Start"/> for the bucket's length.</summary>
public sealed record FraudActivityBucket(DateTimeOffset Start, int Authorized, int Declined, int FaceFailures)
{
    public FraudActivityBucket Add(FraudFactKind kind) => this with
    {
        Authorized = Authorized + (kind == FraudFactKind.PaymentAuthorized ? 1 : 0),
        Declined = Declined + (kind == FraudFactKind.PaymentDeclined ? 1 : 0),
        FaceFailures = FaceFailures + (kind == FraudFactKind.FaceVerificationFailed ? 1 : 0),
    };
}
