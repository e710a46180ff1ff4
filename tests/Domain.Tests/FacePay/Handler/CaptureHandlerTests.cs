using Ledger.Domain.Application;
using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Capture.CaptureTestData;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay.Handler;

/// <summary>
/// The handler with capture statements: what the statement vouches for decides what the request may ask, a spent
/// challenge or counter costs no face work, and the command carries the statement to the commit that uses it up.
/// </summary>
public sealed class CaptureHandlerTests
{
    private static readonly CommandContext Context = new(Actor.Terminal(TerminalId), $"terminal:{TerminalId}/k", "c", null, "r", Today);
    private static readonly byte[] Capture = [1, 2, 3];

    private static FacePayPorts Ports(DeviceKey? key = null)
    {
        var ports = new FacePayPorts([FaceReady(Eur(80m)), new DeviceKeyRegistered(TerminalId, KeyId, DeviceKeyAlgorithm.ES256, Spki,
            (key ?? Key()).Assurance, null, null, Guid.NewGuid(), Today.AddDays(-1))]);
        ports.Enrol(WalletId, TemplateId);
        ports.Challenges[TerminalChallenge.IdOf(Nonce)] = Challenge();
        return ports;
    }

    private static Task<CommandResult<Payment>> Pay(FacePayPorts ports, decimal amount = 12.50m, string? pin = null, bool acceptUnattested = false,
        byte[]? statement = null) =>
        new FacePaymentHandler(ports, ports, ports, ports, ports, new CaptureIntake(acceptUnattested, false))
            .PayAsync(new FacePaymentAttempt(TerminalId, Eur(amount), CustomerHint.Phone(Phone), pin, new CapturedFace(Capture), statement), Context, default);

    [Fact]
    public async Task Without_a_statement_a_service_that_takes_only_attested_captures_refuses_before_any_work()
    {
        var ports = Ports();

        var refusal = await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(ports));

        Assert.Equal(CaptureRuleCodes.StatementRequired, refusal.Code);
        Assert.Empty(ports.Comparisons);
        Assert.Empty(ports.Commands);
    }

    [Fact]
    public async Task An_unattested_capture_where_accepted_is_recorded_as_such()
    {
        var ports = Ports();

        await Pay(ports, acceptUnattested: true);

        Assert.Equal(CaptureAssurance.Unattested, Assert.Single(ports.Commands).Face.Capture!.Assurance);
    }

    [Fact]
    public async Task An_attested_statement_travels_with_the_command_and_its_evidence()
    {
        var ports = Ports();
        var vouched = Vouched();
        ports.Statements = _ => vouched;

        var paid = await Pay(ports, statement: [9]);

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        var command = Assert.Single(ports.Commands);
        Assert.Same(vouched, command.Capture);
        Assert.Equal(new CaptureEvidence(CaptureAssurance.HardwareAttested, KeyId, 1, TerminalChallenge.IdOf(Nonce), null), command.Face.Capture);
    }

    [Fact]
    public async Task A_bad_signature_is_refused_before_any_work()
    {
        var ports = Ports();

        var refusal = await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(ports, statement: [9]));

        Assert.Equal(CaptureRuleCodes.StatementSignatureInvalid, refusal.Code);
        Assert.Empty(ports.Comparisons);
    }

    [Fact]
    public async Task A_spent_challenge_or_counter_costs_no_face_work()
    {
        var spent = Ports();
        spent.Statements = _ => Vouched();
        spent.Challenges[TerminalChallenge.IdOf(Nonce)] = Challenge(usedBy: "earlier");
        Assert.Equal(CaptureRuleCodes.ChallengeUsed, (await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(spent, statement: [9]))).Code);

        var rewound = Ports();
        rewound.Statements = _ => Vouched(Statement(counter: 0));
        Assert.Equal(CaptureRuleCodes.CounterNotIncreasing, (await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(rewound, statement: [9]))).Code);

        Assert.Empty(spent.Comparisons);
        Assert.Empty(rewound.Comparisons);
    }

    [Fact]
    public async Task A_registered_key_is_held_to_its_ceiling_and_always_to_the_PIN()
    {
        var ports = Ports(Key(DeviceAssurance.Registered));
        ports.Statements = s => Vouched(Statement(amountMinor: s[0] * 100L + 1), DeviceAssurance.Registered);
        Assert.Equal(CaptureRuleCodes.AssuranceTooLow, (await Assert.ThrowsAsync<DomainRuleViolation>(() =>
            Pay(ports, amount: 25.01m, pin: "2468", statement: [25]))).Code);

        ports.Statements = _ => Vouched(Statement(amountMinor: 500), DeviceAssurance.Registered);
        Assert.Equal("pin_required", (await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(ports, amount: 5m, statement: [9]))).Code);
        Assert.Empty(ports.Comparisons);
    }

    [Fact]
    public async Task A_registered_key_at_its_ceiling_with_the_right_PIN_pays()
    {
        var ports = Ports(Key(DeviceAssurance.Registered));
        ports.SetPin(WalletId, "2468");
        ports.Challenges[TerminalChallenge.IdOf(Nonce)] = Challenge(amount: Eur(25m));
        ports.Statements = _ => Vouched(Statement(amountMinor: 2500), DeviceAssurance.Registered);

        var paid = await Pay(ports, amount: 25m, pin: "2468", statement: [9]);

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal(PinCheck.Correct, Assert.Single(ports.Commands).Pin);
    }
}
