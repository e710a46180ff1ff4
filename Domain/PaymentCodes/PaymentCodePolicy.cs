namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// How much a payment code proves and how guessing is bounded. Its version is recorded with every code decision.
/// <see cref="Digits"/> and <see cref="StepSeconds"/> are given to a credential when it is registered (the device
/// computes with them) and stay with it; the other values apply to every attempt as the policy stands.
/// </summary>
/// <param name="Version">Recorded with every decision; change it whenever a value changes.</param>
/// <param name="Digits">Length of the one-time code of new credentials.</param>
/// <param name="StepSeconds">TOTP time step of new credentials.</param>
/// <param name="AcceptPreviousSteps">
/// Steps before the current one still accepted: a code scanned just before its step ended, or a device clock a little
/// behind. RFC 6238 §5.2 recommends at most one; no step ahead is ever accepted.
/// </param>
/// <param name="LockAfterFailures">Consecutive failed attempts within <paramref name="FailureWindow"/> that lock the credential.</param>
/// <param name="FailureWindow">How far back failures count.</param>
/// <param name="LockFor">How long a lock lasts unless an operator lifts it earlier.</param>
/// <param name="CeilingAbove">
/// Amount (in major units of the payment's currency) above which a code alone is not enough: a face or PIN is needed.
/// </param>
public sealed record PaymentCodePolicy(
    string Version, int Digits, int StepSeconds, int AcceptPreviousSteps, int LockAfterFailures, TimeSpan FailureWindow,
    TimeSpan LockFor, decimal CeilingAbove)
{
    /// <summary>
    /// With two steps open a guess hits 2 in 10^8; 5 guesses per 30-minute lock bound a patient attacker on one
    /// credential to about 5e-6 a day, before any terminal-side rate limit or fraud alert.
    /// </summary>
    public static readonly PaymentCodePolicy Default = new(
        "payment-code-v1", PaymentCodeGenerator.DefaultDigits, PaymentCodeGenerator.DefaultStepSeconds, AcceptPreviousSteps: 1,
        LockAfterFailures: 5, FailureWindow: TimeSpan.FromMinutes(30), LockFor: TimeSpan.FromMinutes(30), CeilingAbove: 50m);

    public void EnsureValid()
    {
        if (string.IsNullOrWhiteSpace(Version) || Digits is < Hotp.MinDigits or > Hotp.MaxDigits || StepSeconds is < 10 or > 300
            || AcceptPreviousSteps is < 0 or > 2 || LockAfterFailures is < 1 or > CodeFailures.Kept
            || FailureWindow <= TimeSpan.Zero || LockFor <= TimeSpan.Zero || CeilingAbove < 0)
            throw new ArgumentException($"Invalid payment-code policy {this}.");
    }

    /// <summary>Exactly the ceiling is still fine with a code alone; one minor unit above is not.</summary>
    public bool ExceedsCeiling(Money amount) => amount > Money.FromDecimal(CeilingAbove, amount.Currency);
}
