namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// Why a payment code was refused. Stored by name: never renumber or rename a member. The stable snake_case code
/// (wrong_code, replayed, ...) is <see cref="RuleCodes.FromName"/> of the name.
/// </summary>
public enum PaymentCodeRejection
{
    /// <summary>The code belongs to none of the steps looked at: a guess, a typo past the check digit, a wrong key.</summary>
    WrongCode,
    /// <summary>The code's step, or a later one, was already used: a second presentation of a shown code.</summary>
    Replayed,
    /// <summary>The code is right for a step just outside the window (too old, or from the future): a device clock off.</summary>
    OutsideWindow,
    /// <summary>No credential has the number in the code; nothing is recorded, as there is no stream to record it in.</summary>
    UnknownCredential,
    CredentialLocked,
    CredentialRevoked,
    /// <summary>The amount is above the policy's ceiling and no face or PIN step-up came with the code.</summary>
    CodeCeilingExceeded,
}

public static class PaymentCodeRejections
{
    /// <summary>The stable code: wrong_code, replayed, outside_window, unknown_credential, credential_locked, ...</summary>
    public static string Code(this PaymentCodeRejection reason) => RuleCodes.FromName(reason.ToString());

    /// <summary>
    /// Guesses and second presentations bring a lock closer. A code of an adjacent step does not: hitting one by
    /// chance is as unlikely as a right guess, so it shows the key (a clock problem), not guessing.
    /// </summary>
    public static bool Counts(this PaymentCodeRejection reason) =>
        reason is PaymentCodeRejection.WrongCode or PaymentCodeRejection.Replayed;
}
