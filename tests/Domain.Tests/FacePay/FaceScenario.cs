using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Given(history).When(command).Then(events) for face pay, like <see cref="Scenario"/>, with the policy and the
/// enrolment gates of <see cref="FaceTestData"/> unless a test names others. After an accepted command its events
/// are applied, so a test can also look at the state they leave. Import with
/// <c>using static Ledger.Domain.Tests.FacePay.FaceScenario;</c>.
/// </summary>
public sealed class FaceScenario
{
    private readonly object[] _history;
    private FacePayPolicy _policy = FaceTestData.Policy;
    private EnrolmentQuality _gates = FaceTestData.Gates;

    private FaceScenario(object[] history) => _history = [.. History.Flatten(history)];

    public static FaceScenario Given(params object[] history) => new(history);

    public FaceScenario Under(FacePayPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public FaceScenario Under(EnrolmentQuality gates)
    {
        _gates = gates;
        return this;
    }

    public Outcome When(object command)
    {
        var ledger = new FaceLedger(_policy, _gates);
        foreach (var @event in _history) ledger.Apply(@event);
        try
        {
            var events = ledger.Decide(command);
            foreach (var @event in events) ledger.Apply(@event);
            return new Outcome(events, null, ledger.Streams);
        }
        catch (DomainRuleViolation violation)
        {
            return new Outcome([], violation, ledger.Streams);
        }
    }

    public sealed class Outcome(IReadOnlyList<object> events, DomainRuleViolation? refusal, TestLedger after)
    {
        public IReadOnlyList<object> Events => events;

        public Outcome Then(params object[] expected)
        {
            Assert.True(refusal is null, $"Expected events, got refusal '{refusal?.Code}': {refusal?.Message}");
            Assert.Equal(expected, events);
            return this;
        }

        /// <summary>The command was already satisfied: nothing new is recorded.</summary>
        public Outcome ThenNothing() => Then();

        public Outcome ThenRefused(string code)
        {
            Assert.True(refusal is not null, $"Expected refusal '{code}', got events: {string.Join(", ", events)}");
            Assert.Equal(code, refusal.Code);
            return this;
        }

        /// <summary>The wallet as the accepted events leave it.</summary>
        public Outcome AndWallet(Action<Wallet> check)
        {
            check(after.Wallet(TestData.WalletId) ?? throw new InvalidOperationException("No wallet in the scenario."));
            return this;
        }

        /// <summary>The payment as the accepted events leave it.</summary>
        public Outcome AndPayment(Action<Payment> check)
        {
            check(after.Payment(TestData.PaymentId) ?? throw new InvalidOperationException("No payment was decided."));
            return this;
        }
    }
}
