using System.Text;
using Ledger.Domain.PaymentCodes;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// The payment-code cast on top of <see cref="Support.TestData"/>: Ada's phone holds one credential (with the RFC 6238
/// SHA-256 test key, so its codes can be checked by hand). The test policy's numbers differ from each other so a
/// boundary names the one it tests: 3 failures within 10 minutes lock for 15, a code alone up to 20.00.
/// <see cref="Now"/> is 10 seconds into step <see cref="CurrentStep"/>.
/// </summary>
public static class CodeTestData
{
    public static readonly byte[] DeviceKey = Encoding.ASCII.GetBytes("12345678901234567890123456789012");

    public static readonly PaymentCredentialId Credential = new(123456789012);
    public static readonly Guid CredentialId = Credential.StreamId;
    public static readonly Guid OtherTerminalId = Guid.Parse("00000000-0000-0000-0000-0000000000c2");

    public static readonly PaymentCodePolicy Policy = new("payment-code-test-1", Digits: 8, StepSeconds: 30, AcceptPreviousSteps: 1,
        LockAfterFailures: 3, FailureWindow: TimeSpan.FromMinutes(10), LockFor: TimeSpan.FromMinutes(15), CeilingAbove: 20m);

    public static readonly DateTimeOffset Now = Today.AddSeconds(10);
    public static readonly long CurrentStep = PaymentCodeGenerator.StepAt(Now, 30);
    public static readonly Money Coffee = Eur(4.20m);

    public static TimeSpan Minutes(double minutes) => TimeSpan.FromMinutes(minutes);

    public static PaymentCredentialRegistered CredentialRegistered() =>
        new(CredentialId, WalletId, 8, 30, Policy.Version, Today.AddDays(-1));

    /// <summary>An open wallet with Ada's credential on her phone.</summary>
    public static object[] CodeReady() => [Opened(), CredentialRegistered()];

    public static RecordCodeUse Use(long step, Money? amount = null, bool stepUp = false, Guid? paymentId = null, DateTimeOffset? at = null) =>
        new(CredentialId, step, paymentId ?? PaymentId, TerminalId, amount ?? Coffee, stepUp, at ?? Now);

    public static RecordCodeFailure Failure(Money? amount = null, bool stepUp = false, Guid? credentialId = null, DateTimeOffset? at = null) =>
        new(credentialId ?? CredentialId, PaymentId, TerminalId, amount ?? Coffee, stepUp, at ?? Now);

    public static PaymentCodeAccepted Accepted(long step, Money? amount = null, Guid? paymentId = null, DateTimeOffset? at = null) =>
        new(CredentialId, WalletId, paymentId ?? PaymentId, TerminalId, step, amount ?? Coffee, Policy.Version, at ?? Now);

    public static PaymentCodeRejected Rejected(PaymentCodeRejection reason, long? step = null, DateTimeOffset? at = null) =>
        new(CredentialId, PaymentId, TerminalId, reason, step, reason.Counts(), Policy.Version, at ?? Now);

    /// <summary>A wrong code presented <paramref name="ago"/> before <see cref="Now"/>.</summary>
    public static PaymentCodeRejected FailedAgo(TimeSpan ago) => Rejected(PaymentCodeRejection.WrongCode, at: Now - ago);

    public static PaymentCredentialLocked Locked(int failures = 3, DateTimeOffset? at = null) =>
        new(CredentialId, failures, Policy.FailureWindow, (at ?? Now) + Policy.LockFor, Policy.Version, at ?? Now);

    public static PaymentCredentialRevoked Revoked(DateTimeOffset? at = null) => new(CredentialId, "phone lost", at ?? Now.AddHours(-1));
}
