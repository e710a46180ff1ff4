using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class OpenWalletTests
{
    private static OpenWallet Open(string phone = Phone, WalletLimits? limits = null, Currency? currency = null) =>
        new(WalletId, "Ada Lovelace", phone, currency ?? EUR, limits, Today);

    [Fact]
    public void A_new_wallet_opens_with_the_given_limits()
    {
        Given()
            .When(Open(limits: Limits))
            .Then(new WalletOpened(WalletId, "Ada Lovelace", Phone, EUR, Limits, Today));
    }

    [Fact]
    public void A_wallet_opened_without_limits_gets_the_retail_default_in_its_currency()
    {
        Given()
            .When(Open(currency: JPY))
            .Then(new WalletOpened(WalletId, "Ada Lovelace", Phone, JPY, new WalletLimits(Jpy(200m), Jpy(500m), 20), Today));
    }

    [Fact]
    public void The_phone_number_is_stored_in_compact_E164_form()
    {
        Given()
            .When(Open(phone: "+49 151-1234 5678", limits: Limits))
            .Then(new WalletOpened(WalletId, "Ada Lovelace", "+4915112345678", EUR, Limits, Today));
    }

    [Fact]
    public void Opening_a_wallet_that_already_exists_is_refused()
    {
        Given(Opened())
            .When(Open(limits: Limits))
            .ThenRefused(RuleCodes.AlreadyExists);
    }

    [Theory]
    [InlineData("015112345678")]
    [InlineData("+0151123456")]
    [InlineData("+1234567")]
    [InlineData("")]
    public void A_wallet_with_a_phone_number_not_in_E164_form_is_refused(string phone)
    {
        Given()
            .When(Open(phone: phone))
            .ThenRefused(RuleCodes.InvalidPhoneNumber);
    }

    [Fact]
    public void A_wallet_whose_limits_are_in_another_currency_is_refused()
    {
        Given()
            .When(Open(limits: new WalletLimits(Jpy(50m), Jpy(100m), 3)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_wallet_whose_per_payment_limit_exceeds_its_daily_limit_is_refused()
    {
        Given()
            .When(Open(limits: new WalletLimits(EurMinor(10_001), Eur(100m), 3)))
            .ThenRefused(RuleCodes.InvalidLimits);
    }
}
