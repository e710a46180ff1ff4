using Ledger.Domain.Terminals;

namespace Ledger.Domain.Capture;

/// <summary>
/// When a capture challenge asks for a live head movement (docs/PAD.md): always, above an amount, at a terminal whose
/// device key is only registered (its camera's frames carry no hardware's word), or at a terminal with recent failed
/// attempts. Decided when the challenge is issued, from what is known then (the customer is not yet). Off unless
/// configured: the challenge's bona fide error rate is not yet measured on real sequences.
/// </summary>
/// <param name="Always">Every capture challenge asks for the movement.</param>
/// <param name="Above">Amount in major units of the payment's currency above which it does; null for no such rule.</param>
/// <param name="RegisteredKeys">Terminals without a hardware-attested device key are always asked.</param>
/// <param name="AfterFailures">Failed face or code attempts at the terminal within <paramref name="FailureWindow"/> from which it is asked; null for no such rule.</param>
/// <param name="Frames">How many frames the terminal sends while the head moves (3 to 5).</param>
public sealed record LiveChallengePolicy(bool Always, decimal? Above, bool RegisteredKeys, int? AfterFailures, TimeSpan FailureWindow, int Frames)
{
    public static readonly LiveChallengePolicy Off = new(false, null, false, null, TimeSpan.FromMinutes(10), 3);

    public bool IsOff => !Always && Above is null && !RegisteredKeys && AfterFailures is null;

    public bool Requires(Money amount, Terminal terminal, DateTimeOffset now) =>
        Always
        || (Above is { } above && amount > Money.FromDecimal(above, amount.Currency))
        || (RegisteredKeys && terminal.DeviceKey?.Assurance != DeviceAssurance.HardwareAttested)
        || (AfterFailures is { } failures && terminal.Failures.CountWithin(FailureWindow, now) >= failures);

    /// <exception cref="InvalidOperationException">A value no policy can have.</exception>
    public void EnsureValid()
    {
        if (Frames is < 3 or > 5 || Above < 0 || AfterFailures < 1 || FailureWindow <= TimeSpan.Zero)
            throw new InvalidOperationException($"FacePay:Capture:LiveChallenge is not valid: {this} (frames 3 to 5, amount 0 or more, failures 1 or more).");
    }
}
