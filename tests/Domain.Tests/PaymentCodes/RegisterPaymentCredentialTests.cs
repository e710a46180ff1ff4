using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.PaymentCodes.CodeScenario;
using static Ledger.Domain.Tests.PaymentCodes.CodeTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.PaymentCodes;

public class RegisterPaymentCredentialTests
{
    private static RegisterPaymentCredential Register(Guid? walletId = null) => new(Credential, walletId ?? WalletId, Now);

    [Fact]
    public void A_credential_is_registered_to_an_open_wallet_with_the_policy_code_shape()
    {
        Given(Opened())
            .When(Register())
            .Then(new PaymentCredentialRegistered(CredentialId, WalletId, 8, 30, Policy.Version, Now))
            .AndCredential(credential =>
            {
                Assert.Equal(Credential, credential.Number);
                Assert.Equal(PaymentCredentialStatus.Active, credential.Status);
                Assert.Null(credential.LastAcceptedStep);
                Assert.False(credential.IsLockedAt(Now));
            });
    }

    [Fact]
    public void A_frozen_wallet_may_still_get_a_credential_its_payments_are_refused_elsewhere()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(Register())
            .Then(new PaymentCredentialRegistered(CredentialId, WalletId, 8, 30, Policy.Version, Now));
    }

    [Fact]
    public void A_credential_number_already_registered_is_refused_so_the_caller_draws_again()
    {
        Given(CodeReady())
            .When(Register())
            .ThenRefused(RuleCodes.AlreadyExists);
    }

    [Fact]
    public void An_unknown_wallet_gets_no_credential()
    {
        Given()
            .When(Register())
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_closed_wallet_gets_no_credential()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Register())
            .ThenRefused(RuleCodes.WalletClosed);
    }
}
