using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Terminals;

public class SuspendTerminalTests
{
    [Fact]
    public void An_active_terminal_is_suspended_with_the_reason()
    {
        Given(Onboarded(), Registered())
            .When(new SuspendTerminal(TerminalId, "tampering", Today))
            .Then(new TerminalSuspended(TerminalId, "tampering", Today));
    }

    [Fact]
    public void Suspending_a_suspended_terminal_records_nothing()
    {
        Given(Onboarded(), Registered(), new TerminalSuspended(TerminalId, "tampering", Today.AddHours(-1)))
            .When(new SuspendTerminal(TerminalId, "tampering", Today))
            .ThenNothing();
    }

    [Fact]
    public void An_unknown_terminal_cannot_be_suspended()
    {
        Given(Onboarded())
            .When(new SuspendTerminal(TerminalId, "tampering", Today))
            .ThenRefused(RuleCodes.NotFound);
    }
}
