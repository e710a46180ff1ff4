using Ledger.Domain.Approvals;

namespace Ledger.Domain.Tests.Approvals;

/// <summary>Four eyes: one operator asks, another approves; the same credential never does both; permits are used once.</summary>
public class ApprovalDeciderTests
{
    private static readonly Guid ApprovalId = Guid.Parse("0b0b0b0b-0000-4000-8000-000000000001");
    private static readonly Guid WalletId = Guid.Parse("0a0a0a0a-0000-4000-8000-000000000001");
    private static readonly Guid TemplateId = Guid.Parse("0c0c0c0c-0000-4000-8000-000000000001");
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
    private const string Alice = "operator:alice";
    private const string Bob = "operator:bob";
    private static readonly string Form = new('a', 64);
    private static readonly FourEyesPolicy Policy = FourEyesPolicy.Default;

    private static ApprovalRequested Requested(SensitiveAct act = SensitiveAct.PinReset, string? form = null) =>
        new(ApprovalId, act, WalletId, new ActDetails(ConsentFormSha256: form), Alice, Now);

    private static Approval? Given(params IApprovalEvent[] events) => events.Aggregate((Approval?)null, (a, e) => Approval.Evolve(a, e));

    private static IReadOnlyList<IApprovalEvent> When(ApprovalCommand command, Approval? state) => ApprovalDecider.Decide(command, state, Policy);

    [Fact]
    public void A_request_records_what_is_asked_and_by_whom_and_a_repeat_records_nothing()
    {
        var request = new RequestApproval(ApprovalId, SensitiveAct.PinReset, WalletId, new ActDetails(), Alice, Now);
        Assert.Equal([Requested()], When(request, Given()));
        Assert.Empty(When(request, Given(Requested())));
    }

    [Fact]
    public void Attack_the_requester_cannot_approve_their_own_request()
    {
        var e = Assert.Throws<DomainRuleViolation>(() => When(new GrantApproval(ApprovalId, Alice, Now), Given(Requested())));
        Assert.Equal(ApprovalDecider.SameOperator, e.Code);
    }

    [Fact]
    public void Another_operator_approves_and_both_are_named()
    {
        Assert.Equal([new ApprovalGranted(ApprovalId, SensitiveAct.PinReset, WalletId, Alice, Bob, Now.AddMinutes(5))],
            When(new GrantApproval(ApprovalId, Bob, Now.AddMinutes(5)), Given(Requested())));
    }

    [Fact]
    public void An_approval_is_granted_once_a_repeat_by_the_approver_records_nothing_a_third_operator_is_refused()
    {
        var granted = Given(Requested(), new ApprovalGranted(ApprovalId, SensitiveAct.PinReset, WalletId, Alice, Bob, Now));
        Assert.Empty(When(new GrantApproval(ApprovalId, Bob, Now), granted));
        Assert.Equal(ApprovalDecider.NotPending,
            Assert.Throws<DomainRuleViolation>(() => When(new GrantApproval(ApprovalId, "operator:carol", Now), granted)).Code);
    }

    [Fact]
    public void A_request_lapses_after_the_policy_period()
    {
        Assert.Single(When(new GrantApproval(ApprovalId, Bob, Now + Policy.ValidFor), Given(Requested())));
        Assert.Equal(ApprovalDecider.Expired, Assert.Throws<DomainRuleViolation>(() =>
            When(new GrantApproval(ApprovalId, Bob, Now + Policy.ValidFor + TimeSpan.FromSeconds(1)), Given(Requested()))).Code);
    }

    [Fact]
    public void An_unknown_approval_is_not_found()
    {
        Assert.Equal(RuleCodes.NotFound, Assert.Throws<DomainRuleViolation>(() => When(new GrantApproval(ApprovalId, Bob, Now), Given())).Code);
    }

    [Fact]
    public void An_enrolment_permit_is_used_once_for_its_wallet_and_consent_form_and_only_once_approved()
    {
        var use = new UseApproval(ApprovalId, WalletId, TemplateId, Form, Alice, Now);
        var pending = Given(Requested(SensitiveAct.FaceEnrolment, Form));
        Assert.Equal(ApprovalDecider.NotUsable, Assert.Throws<DomainRuleViolation>(() => When(use, pending)).Code);

        var granted = Given(Requested(SensitiveAct.FaceEnrolment, Form), new ApprovalGranted(ApprovalId, SensitiveAct.FaceEnrolment, WalletId, Alice, Bob, Now));
        Assert.Equal([new ApprovalUsed(ApprovalId, WalletId, TemplateId, Alice, Now)], When(use, granted));
        Assert.Throws<DomainRuleViolation>(() => When(use with { WalletId = Guid.NewGuid() }, granted));
        Assert.Throws<DomainRuleViolation>(() => When(use with { ConsentFormSha256 = new string('b', 64) }, granted));

        var used = Given(Requested(SensitiveAct.FaceEnrolment, Form), new ApprovalGranted(ApprovalId, SensitiveAct.FaceEnrolment, WalletId, Alice, Bob, Now),
            new ApprovalUsed(ApprovalId, WalletId, TemplateId, Alice, Now));
        Assert.Throws<DomainRuleViolation>(() => When(use, used));
    }

    [Fact]
    public void A_permit_for_another_act_cannot_enrol()
    {
        var granted = Given(Requested(SensitiveAct.PinReset), new ApprovalGranted(ApprovalId, SensitiveAct.PinReset, WalletId, Alice, Bob, Now));
        Assert.Throws<DomainRuleViolation>(() => When(new UseApproval(ApprovalId, WalletId, TemplateId, null, Alice, Now), granted));
    }

    [Fact]
    public void Payouts_above_the_amount_and_limits_above_the_standard_ones_need_approval_at_the_amount_not()
    {
        var eur = Currency.Of("EUR");
        Assert.False(Policy.NeedsApproval(new Domain.Wallets.PayOutWallet(WalletId, ApprovalId, Money.FromDecimal(100m, eur), "r", Now)));
        Assert.True(Policy.NeedsApproval(new Domain.Wallets.PayOutWallet(WalletId, ApprovalId, Money.FromDecimal(100.01m, eur), "r", Now)));
        var standard = Domain.Wallets.WalletLimits.DefaultFor(eur);
        Assert.False(FourEyesPolicy.NeedsApproval(new Domain.Wallets.SetWalletLimits(WalletId, standard, Now)));
        Assert.True(FourEyesPolicy.NeedsApproval(new Domain.Wallets.SetWalletLimits(WalletId, standard with { DailyCount = 21 }, Now)));
        Assert.True(FourEyesPolicy.NeedsApproval(new Domain.Wallets.SetWalletLimits(WalletId, standard with { PerPayment = Money.FromDecimal(200.01m, eur) }, Now)));
    }
}
