using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.PaymentCodes;

/// <summary>
/// Given(history).When(command).Then(events) for payment credentials, under <see cref="CodeTestData.Policy"/>. For a
/// presented code the outcome also has the decision's reason (the ledger's side) and its answer (the terminal's).
/// Import with <c>using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;</c>.
/// </summary>
public sealed class CodeScenario
{
    private readonly Dictionary<Guid, Wallet?> _wallets = [];
    private PaymentCredential? _credential;

    private CodeScenario(IEnumerable<object> history)
    {
        foreach (var @event in history) Apply(@event);
    }

    public static CodeScenario Given(params object[] history) => new(History.Flatten(history));

    public Outcome When(PaymentCredentialCommand command)
    {
        try
        {
            var decision = command is PaymentCodeAttempt attempt ? PaymentCodeDecider.Decide(attempt, _credential, CodeTestData.Policy) : null;
            var events = PaymentCredentialDecider.Decide(command, _credential, CodeTestData.Policy, Wallet(command));
            // The family's one entry point and the code decider must agree.
            if (decision is not null) Assert.Equal(decision.Events, events);
            foreach (var @event in events) Apply(@event);
            return new Outcome(events, decision, null, _credential);
        }
        catch (DomainRuleViolation violation)
        {
            return new Outcome([], null, violation, _credential);
        }
    }

    private Wallet? Wallet(PaymentCredentialCommand command) =>
        command is RegisterPaymentCredential r ? _wallets.GetValueOrDefault(r.WalletId) : null;

    private void Apply(object @event)
    {
        switch (@event)
        {
            case IWalletEvent e: _wallets[e.WalletId] = WalletEvolution.Evolve(_wallets.GetValueOrDefault(e.WalletId), e); break;
            case IPaymentCredentialEvent e: _credential = PaymentCredentialDecider.Evolve(_credential, e); break;
            default: throw new ArgumentException($"{@event.GetType().Name} belongs to no stream here.", nameof(@event));
        }
    }

    public sealed class Outcome(IReadOnlyList<IPaymentCredentialEvent> events, PaymentCodeDecision? decision, DomainRuleViolation? refusal,
        PaymentCredential? after)
    {
        public Outcome Then(params object[] expected)
        {
            Assert.True(refusal is null, $"Expected events, got refusal '{refusal?.Code}': {refusal?.Message}");
            Assert.Equal(expected, events.Cast<object>());
            return this;
        }

        public Outcome ThenNothing() => Then();

        public Outcome ThenRefused(string code)
        {
            Assert.True(refusal is not null, $"Expected refusal '{code}', got events: {string.Join(", ", events)}");
            Assert.Equal(code, refusal.Code);
            return this;
        }

        /// <summary>What the terminal is told.</summary>
        public Outcome Answered(PaymentCodeAnswer answer)
        {
            Assert.Equal(answer, Decision.Answer);
            return this;
        }

        /// <summary>Why, on the ledger's side (null: accepted).</summary>
        public Outcome Because(PaymentCodeRejection? reason)
        {
            Assert.Equal(reason, Decision.Reason);
            return this;
        }

        public PaymentCodeDecision Decision => decision ?? throw new InvalidOperationException("The command was not a presented code.");

        /// <summary>The credential as the accepted events leave it.</summary>
        public Outcome AndCredential(Action<PaymentCredential> check)
        {
            check(after ?? throw new InvalidOperationException("No credential in the scenario."));
            return this;
        }
    }
}
