using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Issue 4: "explicit consent is recorded as an event (who, when, purpose, policy version)". A wallet can opt in to
/// face pay without a purpose (PUT /wallets/{id}/face-pay, <see cref="EnableFacePay"/>); the first enrolment under
/// that same policy version then recorded no consent at all, and the purpose the operator gave was lost.
/// </summary>
public class Bug_EnrolmentAfterConsentWithoutPurpose
{
    [Fact]
    public void The_first_enrolment_records_its_consent_purpose_even_after_an_opt_in_without_one()
    {
        Given(Opened(), new FacePayEnabled(WalletId, ConsentPolicy, null, Today.AddDays(-1)))
            .When(Enrol())
            .Then(
                new FacePayEnabled(WalletId, ConsentPolicy, Purpose, Today),
                new FaceEnrolled(WalletId, TemplateId, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today));
    }
}
