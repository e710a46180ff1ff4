namespace Ledger.Domain.Tests.Support;

/// <summary>
/// Given(history).When(command).Then(events) against the deciders. Import with
/// <c>using static Ledger.Domain.Tests.Support.Scenario;</c>.
/// </summary>
public sealed class Scenario
{
    private readonly TestLedger _ledger = new();

    private Scenario(IEnumerable<object> history)
    {
        foreach (var @event in history) _ledger.Apply(@event);
    }

    /// <summary>Past events of any streams; a nested sequence of events (a prepared history) is spliced in.</summary>
    public static Scenario Given(params object[] history) =>
        new(History.Flatten(history));

    public Outcome When(object command)
    {
        try
        {
            return new Outcome(_ledger.Decide(command), null);
        }
        catch (DomainRuleViolation violation)
        {
            return new Outcome([], violation);
        }
    }

    public sealed class Outcome(IReadOnlyList<object> events, DomainRuleViolation? refusal)
    {
        public void Then(params object[] expected)
        {
            Assert.Null(refusal);
            Assert.Equal(expected, events);
        }

        /// <summary>The command was already satisfied (or already decided): nothing new is recorded.</summary>
        public void ThenNothing() => Then();

        public void ThenRefused(string code)
        {
            Assert.True(refusal is not null, $"Expected refusal '{code}', got events: {string.Join(", ", events)}");
            Assert.Equal(code, refusal.Code);
        }
    }
}
