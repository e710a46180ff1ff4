using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Terminals;

public class ReactivateTerminalTests
{
    [Fact]
    public void A_suspended_terminal_is_reactivated()
    {
        Given(Onboarded(), Registered(), new TerminalSuspended(TerminalId, "tampering", Today.AddHours(-1)))
            .When(new ReactivateTerminal(TerminalId, Today))
            .Then(new TerminalReactivated(TerminalId, Today));
    }

    [Fact]
    public void Reactivating_an_active_terminal_records_nothing()
    {
        Given(Onboarded(), Registered())
            .When(new ReactivateTerminal(TerminalId, Today))
            .ThenNothing();
    }

    [Fact]
    public void A_terminal_folds_to_active_then_suspended_then_active()
    {
        var registered = TerminalDecider.Evolve(null, Registered())!;
        var suspended = TerminalDecider.Evolve(registered, new TerminalSuspended(TerminalId, "tampering", Today))!;
        var reactivated = TerminalDecider.Evolve(suspended, new TerminalReactivated(TerminalId, Today))!;

        Assert.Equal(TerminalStatus.Active, registered.Status);
        Assert.Equal(MerchantId, registered.MerchantId);
        Assert.Equal(TerminalStatus.Suspended, suspended.Status);
        Assert.Equal(TerminalStatus.Active, reactivated.Status);
    }
}
