using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>The till of <see cref="Support.TestData"/> with a device key, its challenges and statements.</summary>
public static class CaptureTestData
{
    public const string Nonce = "AAAAAAAAAAAAAAAAAAAAAA";
    public const string OtherNonce = "BBBBBBBBBBBBBBBBBBBBBB";
    public static readonly byte[] Spki = [0x30, 0x59, 1, 2, 3];
    public static readonly byte[] OtherSpki = [0x30, 0x59, 4, 5, 6];
    public static readonly string KeyId = DeviceKey.IdOf(Spki);
    public static readonly string FrameSha = new Domain.FacePay.CapturedFace([1, 2, 3]).Sha256;

    public static Terminal Till(DeviceKey? key = null) =>
        new(TerminalId, MerchantId, "Till 3", null, TerminalStatus.Active, Today.AddDays(-59), DeviceKey: key);

    public static DeviceKey Key(DeviceAssurance assurance = DeviceAssurance.HardwareAttested, long lastCounter = 0, byte[]? spki = null) =>
        new(DeviceKey.IdOf(spki ?? Spki), DeviceKeyAlgorithm.ES256, spki ?? Spki, assurance, lastCounter);

    public static TerminalChallenge Challenge(ChallengePurpose purpose = ChallengePurpose.Capture, Money? amount = null, string? usedBy = null,
        Guid? terminalId = null, string nonce = Nonce) =>
        new(TerminalChallenge.IdOf(nonce), terminalId ?? TerminalId, purpose, nonce,
            purpose == ChallengePurpose.Capture ? amount ?? Eur(12.50m) : null, null, 1, Today, Today + TerminalChallengeDecider.Lifetime, usedBy);

    public static CaptureStatement Statement(long counter = 1, long amountMinor = 1250, string currency = "EUR", DateTimeOffset? at = null,
        Guid? terminalId = null, IReadOnlyList<string>? frames = null, string? template = null) =>
        new(1, terminalId ?? TerminalId, Nonce, at ?? Today, counter, amountMinor, currency, frames ?? (template is null ? [FrameSha] : []), template, null, []);

    public static VerifiedCapture Vouched(CaptureStatement? statement = null, DeviceAssurance assurance = DeviceAssurance.HardwareAttested) =>
        new(statement ?? Statement(), KeyId, assurance);
}
