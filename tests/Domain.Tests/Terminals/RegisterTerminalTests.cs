using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Terminals;

public class RegisterTerminalTests
{
    private static readonly GeoPoint Berlin = new(52.52, 13.405);

    private static RegisterTerminal Register(GeoPoint? location = null) => new(TerminalId, MerchantId, "Till 3", location ?? Berlin, Today);

    [Fact]
    public void A_terminal_is_registered_to_an_active_merchant()
    {
        Given(Onboarded())
            .When(Register())
            .Then(new TerminalRegistered(TerminalId, MerchantId, "Till 3", Berlin, Today));
    }

    [Fact]
    public void A_terminal_without_a_known_location_can_be_registered()
    {
        Given(Onboarded())
            .When(new RegisterTerminal(TerminalId, MerchantId, "Kiosk", null, Today))
            .Then(new TerminalRegistered(TerminalId, MerchantId, "Kiosk", null, Today));
    }

    [Fact]
    public void A_terminal_cannot_be_registered_to_a_suspended_merchant()
    {
        Given(Onboarded(), new MerchantSuspended(MerchantId, "chargeback ratio", Today.AddHours(-1)))
            .When(Register())
            .ThenRefused(RuleCodes.MerchantNotActive);
    }

    [Fact]
    public void A_terminal_cannot_be_registered_to_an_unknown_merchant()
    {
        Given()
            .When(Register())
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void The_merchant_handed_in_must_be_the_one_named_by_the_command()
    {
        var otherMerchant = MerchantDecider.Evolve(null,
            new MerchantOnboarded(Guid.NewGuid(), "Other", Support.Amounts.EUR, "acct", Today))!;

        var refusal = Assert.Throws<DomainRuleViolation>(() => TerminalDecider.Decide(Register(), null, otherMerchant));

        Assert.Equal(RuleCodes.NotFound, refusal.Code);
    }

    [Fact]
    public void Registering_a_terminal_twice_is_refused()
    {
        Given(Onboarded(), Registered())
            .When(Register())
            .ThenRefused(RuleCodes.AlreadyExists);
    }

    [Theory]
    [InlineData(90.0001, 0)]
    [InlineData(-90.0001, 0)]
    [InlineData(0, 180.0001)]
    [InlineData(0, -180.0001)]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.NaN)]
    public void A_terminal_outside_the_globe_is_refused(double latitude, double longitude)
    {
        Given(Onboarded())
            .When(Register(new GeoPoint(latitude, longitude)))
            .ThenRefused(RuleCodes.InvalidLocation);
    }

    [Theory]
    [InlineData(90, 180)]
    [InlineData(-90, -180)]
    public void The_poles_and_the_date_line_are_valid_locations(double latitude, double longitude)
    {
        var edge = new GeoPoint(latitude, longitude);

        Given(Onboarded())
            .When(Register(edge))
            .Then(new TerminalRegistered(TerminalId, MerchantId, "Till 3", edge, Today));
    }
}
