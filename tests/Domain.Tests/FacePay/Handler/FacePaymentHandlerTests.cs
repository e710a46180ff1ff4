using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay.Handler;

/// <summary>
/// The transport-neutral verify-and-pay handler through its ports: what it refuses before any face work, whom it
/// opens and compares (never an ineligible customer; a decoy when nobody may be compared), what it concludes and which
/// command it sends to the ledger. HTTP and the bus are thin adapters over it.
/// </summary>
public sealed class FacePaymentHandlerTests
{
    private static readonly Guid BobId = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid BobTemplate = Guid.Parse("00000000-0000-0000-0000-0000000002a1");
    private const string SharedLastFour = "5678";

    private static readonly CommandContext Context =
        new(Actor.Terminal(TerminalId), $"terminal:{TerminalId}/key-1", "corr", null, "req", Today);

    private static object[] BobReady() =>
    [
        new WalletOpened(BobId, "Bob Babbage", "+4917099995678", EUR, Limits, Today.AddDays(-30)),
        new WalletToppedUp(BobId, Guid.NewGuid(), Eur(80m), "bank-transfer", Today.AddDays(-3)),
        new FacePayEnabled(BobId, ConsentPolicy, Purpose, Today.AddDays(-2)),
        new FaceEnrolled(BobId, BobTemplate, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today.AddDays(-2)),
    ];

    private static FacePayPorts AdaEnrolled(params object[] more)
    {
        var ports = new FacePayPorts([FaceReady(Eur(80m)), .. more]);
        ports.Enrol(WalletId, TemplateId);
        return ports;
    }

    // These tests are about the face rules: unattested captures are taken (CaptureHandlerTests covers statements).
    private static FacePaymentHandler Handler(FacePayPorts ports, bool acceptDeviceTemplates = false) =>
        new(ports, ports, ports, ports, ports, new CaptureIntake(AcceptUnattestedCaptures: true, AcceptUnattestedTemplates: acceptDeviceTemplates));

    private static FacePaymentAttempt Attempt(CustomerHint hint, decimal amount = 12.50m, string? pin = null, FaceProbe? probe = null) =>
        new(TerminalId, Eur(amount), hint, pin, probe ?? new CapturedFace([0xFF, 0xD8, 0xFF, 1, 2, 3]));

    private static Task<CommandResult<Payment>> Pay(FacePayPorts ports, FacePaymentAttempt attempt, bool acceptDeviceTemplates = false) =>
        Handler(ports, acceptDeviceTemplates).PayAsync(attempt, Context, CancellationToken.None);

    [Fact]
    public async Task A_matching_face_pays_from_the_customer_it_matched_and_only_that_template_is_opened()
    {
        var ports = AdaEnrolled();

        var paid = await Pay(ports, Attempt(CustomerHint.Phone(Phone)));

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        var command = Assert.Single(ports.Commands);
        Assert.Equal(WalletId, command.WalletId);
        Assert.Equal(FaceOutcome.Match, command.Face.Outcome);
        Assert.Equal(TemplateId, command.Face.TemplateId);
        Assert.Equal([WalletId], ports.Opened);
        Assert.Equal(WalletId.ToString(), Assert.Single(Assert.Single(ports.Comparisons)).Id);
    }

    [Fact]
    public async Task A_locked_customer_is_never_opened_the_capture_meets_a_decoy_and_the_auditor_reads_why()
    {
        var ports = AdaEnrolled(Locked());

        var declined = await Pay(ports, Attempt(CustomerHint.LastFour(SharedLastFour)));

        Assert.Empty(ports.Opened);
        Assert.Equal(FacePaymentHandler.DecoyId, Assert.Single(Assert.Single(ports.Comparisons)).Id);
        var command = Assert.Single(ports.Commands);
        Assert.Equal(FaceOutcome.NotEligible, command.Face.Outcome);
        Assert.Null(command.Face.Distance);
        Assert.Equal(0, command.Face.Candidates);
        Assert.Equal(DeclineReason.FacePayLocked, declined.Outcome.DeclineReason);
    }

    [Fact]
    public async Task Digits_nobody_has_cost_the_same_comparison_as_digits_of_a_locked_customer()
    {
        var nobody = AdaEnrolled();
        var locked = AdaEnrolled(Locked());

        await Pay(nobody, Attempt(CustomerHint.LastFour("0000")));
        await Pay(locked, Attempt(CustomerHint.LastFour(SharedLastFour)));

        Assert.Equal(locked.Comparisons.Select(c => c.Select(x => (x.Id, x.Template.Length))),
            nobody.Comparisons.Select(c => c.Select(x => (x.Id, x.Template.Length))));
        Assert.Equal(FaceOutcome.NoMatch, Assert.Single(nobody.Commands).Face.Outcome);
        Assert.Null(Assert.Single(nobody.Commands).WalletId);
    }

    [Fact]
    public async Task Whatever_the_decoy_measured_is_nobodys_evidence()
    {
        var ports = new FacePayPorts(FaceReady(Eur(80m)));
        ports.Measure = c => FacePayPorts.Measured(FaceComparison.Match, c[0].Id);

        var declined = await Pay(ports, Attempt(CustomerHint.LastFour("0000")));

        Assert.NotEqual(PaymentStatus.Authorized, declined.Outcome.Status);
        var face = Assert.Single(ports.Commands).Face;
        Assert.Equal(FaceOutcome.NoMatch, face.Outcome);
        Assert.Null(face.Distance);
        Assert.Null(face.Score);
        Assert.Null(face.TemplateId);
    }

    [Fact]
    public async Task An_erased_template_is_not_opened_and_counts_as_not_enrolled()
    {
        var ports = new FacePayPorts(FaceReady(Eur(80m)));
        ports.Enrol(WalletId, TemplateId, erased: true);

        await Pay(ports, Attempt(CustomerHint.Wallet(WalletId)));

        Assert.Empty(ports.Opened);
        Assert.Equal(FaceOutcome.NotEnrolled, Assert.Single(ports.Commands).Face.Outcome);
    }

    [Fact]
    public async Task A_suffix_that_failed_too_often_at_the_merchant_compares_nothing()
    {
        var ports = AdaEnrolled();
        var hintId = PhoneHintAttempts.IdOf(MerchantId, SharedLastFour);
        var failures = Enumerable.Range(1, Policy.HintLockAfterFailures)
            .Aggregate((PhoneHintAttempts?)null, (a, i) => PhoneHintAttempts.Evolve(a, new PhoneHintFailed(hintId, MerchantId, Guid.NewGuid(), Today.AddMinutes(-i))));
        ports.Hints[hintId] = failures!;

        var declined = await Pay(ports, Attempt(CustomerHint.LastFour(SharedLastFour)));

        Assert.Empty(ports.Comparisons);
        Assert.Empty(ports.Opened);
        var command = Assert.Single(ports.Commands);
        Assert.Equal(FaceOutcome.HintThrottled, command.Face.Outcome);
        Assert.Equal(hintId, command.PhoneHintId);
        Assert.Equal(DeclineReason.FullPhoneNumberRequired, declined.Outcome.DeclineReason);
    }

    [Fact]
    public async Task One_failure_short_of_the_suffix_limit_still_compares()
    {
        var ports = AdaEnrolled();
        var hintId = PhoneHintAttempts.IdOf(MerchantId, SharedLastFour);
        ports.Hints[hintId] = Enumerable.Range(1, Policy.HintLockAfterFailures - 1)
            .Aggregate((PhoneHintAttempts?)null, (a, i) => PhoneHintAttempts.Evolve(a, new PhoneHintFailed(hintId, MerchantId, Guid.NewGuid(), Today.AddMinutes(-i))))!;

        await Pay(ports, Attempt(CustomerHint.LastFour(SharedLastFour)));

        Assert.Single(ports.Comparisons);
        Assert.Equal(hintId, Assert.Single(ports.Commands).PhoneHintId);
    }

    [Fact]
    public async Task Above_the_PIN_amount_without_a_PIN_nothing_is_looked_at_or_recorded()
    {
        var ports = AdaEnrolled();

        var refusal = await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(ports, Attempt(CustomerHint.Phone(Phone), amount: 20.01m)));

        Assert.Equal("pin_required", refusal.Code);
        Assert.Empty(ports.Comparisons);
        Assert.Empty(ports.Opened);
        Assert.Empty(ports.Commands);
    }

    [Fact]
    public async Task At_the_PIN_amount_exactly_no_PIN_is_asked_or_checked()
    {
        var ports = AdaEnrolled();

        await Pay(ports, Attempt(CustomerHint.Phone(Phone), amount: 20m));

        Assert.Empty(ports.PinsChecked);
        Assert.Equal(PinCheck.NotRequired, Assert.Single(ports.Commands).Pin);
    }

    [Fact]
    public async Task The_PIN_is_checked_against_the_customer_the_face_matched_only()
    {
        var ports = AdaEnrolled(BobReady());
        ports.Enrol(BobId, BobTemplate);
        ports.SetPin(BobId, "2468");
        ports.Measure = c => FacePayPorts.Measured(FaceComparison.Match, BobId.ToString());

        await Pay(ports, Attempt(CustomerHint.LastFour(SharedLastFour), amount: 30m, pin: "2468"));

        Assert.Equal([BobId], ports.PinsChecked);
        var command = Assert.Single(ports.Commands);
        Assert.Equal(BobId, command.WalletId);
        Assert.Equal(PinCheck.Correct, command.Pin);
        Assert.Equal(2, command.Face.Candidates);
    }

    [Fact]
    public async Task Without_a_match_no_PIN_is_checked_so_a_PIN_cannot_be_tried_against_a_face_that_failed()
    {
        var ports = AdaEnrolled();
        ports.SetPin(WalletId, "2468");
        ports.Measure = _ => FacePayPorts.Measured(FaceComparison.NoMatch, WalletId.ToString());

        await Pay(ports, Attempt(CustomerHint.Phone(Phone), amount: 30m, pin: "1111"));

        Assert.Empty(ports.PinsChecked);
        Assert.Equal(PinCheck.NotRequired, Assert.Single(ports.Commands).Pin);
    }

    [Fact]
    public async Task Another_face_half_as_wide_as_the_verified_one_declines_as_multiple_faces()
    {
        var ports = AdaEnrolled();
        ports.Measure = c => FacePayPorts.Measured(FaceComparison.Match, c[0].Id, chosenWidth: 180f, 90f);

        await Pay(ports, Attempt(CustomerHint.Phone(Phone)));

        Assert.Equal(FaceOutcome.MultipleFaces, Assert.Single(ports.Commands).Face.Outcome);
    }

    [Fact]
    public async Task A_face_in_the_background_smaller_than_half_does_not_stop_the_payment()
    {
        var ports = AdaEnrolled();
        ports.Measure = c => FacePayPorts.Measured(FaceComparison.Match, c[0].Id, chosenWidth: 180f, 89f);

        var paid = await Pay(ports, Attempt(CustomerHint.Phone(Phone)));

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
    }

    [Fact]
    public async Task No_face_in_the_capture_is_recorded_as_such()
    {
        var ports = AdaEnrolled();
        ports.Measure = _ => FacePayPorts.Measured(FaceComparison.NoFace, null, chosenWidth: null);

        await Pay(ports, Attempt(CustomerHint.Phone(Phone)));

        Assert.Equal(FaceOutcome.NoFace, Assert.Single(ports.Commands).Face.Outcome);
    }

    [Fact]
    public async Task An_on_device_template_is_refused_where_templates_are_not_accepted()
    {
        var ports = AdaEnrolled();
        var template = new DeviceTemplate(FacePayPorts.ModelKey, [0.5f, 0.5f, 0.5f, 0.5f]);

        var refusal = await Assert.ThrowsAsync<DomainRuleViolation>(() => Pay(ports, Attempt(CustomerHint.Phone(Phone), probe: template)));

        Assert.Equal("on_device_template_not_accepted", refusal.Code);
        Assert.Empty(ports.Comparisons);
    }

    [Fact]
    public async Task An_on_device_template_of_another_model_is_never_compared()
    {
        var ports = AdaEnrolled();
        var template = new DeviceTemplate(NewModelId, [0.5f, 0.5f, 0.5f, 0.5f]);

        var refusal = await Assert.ThrowsAsync<DomainRuleViolation>(() =>
            Pay(ports, Attempt(CustomerHint.Phone(Phone), probe: template), acceptDeviceTemplates: true));

        Assert.Equal("model_mismatch", refusal.Code);
        Assert.Empty(ports.Comparisons);
    }

    [Fact]
    public async Task An_accepted_on_device_template_is_recorded_by_the_vaults_keyed_digest_never_its_plain_SHA256()
    {
        var ports = AdaEnrolled();
        var template = new DeviceTemplate(FacePayPorts.ModelKey, [0.5f, 0.5f, 0.5f, 0.5f]);

        await Pay(ports, Attempt(CustomerHint.Phone(Phone), probe: template), acceptDeviceTemplates: true);

        Assert.Equal(ports.DigestOf(template), Assert.Single(ports.Commands).Face.CaptureSha256);
        Assert.NotEqual(template.Sha256, ports.Commands[0].Face.CaptureSha256);
    }

    [Fact]
    public async Task A_retry_under_the_same_key_gets_the_first_answer_without_a_second_look()
    {
        var ports = AdaEnrolled();
        var attempt = Attempt(CustomerHint.Phone(Phone));

        var first = await Pay(ports, attempt);
        var again = await Pay(ports, attempt);

        Assert.True(again.Replayed);
        Assert.Equal(first.Outcome.Id, again.Outcome.Id);
        Assert.Single(ports.Comparisons);
        Assert.Single(ports.Commands);
    }
}
