using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay.Handler;

/// <summary>
/// The handler after a model upgrade (the model in service is <see cref="FaceTestData.NewModelId"/>, templates of
/// <see cref="FaceTestData.ModelId"/> are renewed from): the capture is compared under the old model with the old
/// templates only, the new model's template of the same capture is compared with the other customers' new-model
/// templates, and the renewed template is sealed only in the commit whose decision renewed it.
/// </summary>
public sealed class TemplateRenewalHandlerTests
{
    private static readonly Guid BobId = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid BobOld = Guid.Parse("00000000-0000-0000-0000-0000000002a1");
    private static readonly Guid BobNew = Guid.Parse("00000000-0000-0000-0000-0000000002a2");

    private static readonly CommandContext Context = new(Actor.Terminal(TerminalId), $"terminal:{TerminalId}/key-9", "corr", null, "req", Today);

    private static FacePayPorts Upgraded(bool renewFromOld = true, params object[] more)
    {
        var ports = new FacePayPorts([FaceReady(Eur(80m)), .. more])
        {
            Model = FacePayPorts.ModelOf(NewModelId),
            RenewFrom = renewFromOld ? [FacePayPorts.ModelOf(ModelId)] : [],
        };
        ports.Enrol(WalletId, TemplateId, modelId: ModelId);
        return ports;
    }

    private static object[] BobRenewed() =>
    [
        new WalletOpened(BobId, "Bob Babbage", "+4917099995678", EUR, Limits, Today.AddDays(-30)),
        new FacePayEnabled(BobId, ConsentPolicy, Purpose, Today.AddDays(-2)),
        new FaceEnrolled(BobId, BobOld, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today.AddDays(-2)),
        new FaceTemplateRenewed(BobId, BobNew, NewModelId, ModelSha256, BobOld, ModelId, Guid.NewGuid(), CaptureSha256, GoodQuality, ConsentPolicy,
            Purpose, Today.AddDays(-1)),
    ];

    private static Task<CommandResult<Payment>> Pay(FacePayPorts ports, CustomerHint hint) =>
        new FacePaymentHandler(ports, ports, ports, ports, ports, new CaptureIntake(AcceptUnattestedCaptures: true, AcceptUnattestedTemplates: false))
            .PayAsync(new FacePaymentAttempt(TerminalId, Eur(12.50m), hint, null, new CapturedFace([0xFF, 0xD8, 0xFF, 1, 2, 3])), Context, CancellationToken.None);

    [Fact]
    public async Task A_customer_on_the_old_model_pays_under_it_and_the_payment_renews_the_template_for_the_new_model()
    {
        var ports = Upgraded();

        var paid = await Pay(ports, CustomerHint.Phone(Phone));

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal(ModelId, Assert.Single(Assert.Single(ports.Comparisons)).ModelId);
        var command = Assert.Single(ports.Commands);
        Assert.Equal(NewModelId, command.Renewal?.ModelId);
        Assert.Equal(ModelId, command.OperatingPoint?.ModelId);
        var (wallet, template, model) = Assert.Single(ports.Kept);
        Assert.Equal((WalletId, command.Renewal!.TemplateId, NewModelId), (wallet, template, model));
        Assert.Equal(template, ports.Ledger.Streams.Wallet(WalletId)!.Biometrics.CurrentTemplateOf(NewModelId)?.TemplateId);
    }

    [Fact]
    public async Task The_new_template_is_compared_with_the_other_customers_new_model_templates_never_with_old_ones()
    {
        var ports = Upgraded(true, BobRenewed());
        ports.Enrol(BobId, BobOld, modelId: ModelId);
        ports.Enrol(BobId, BobNew, modelId: NewModelId);
        ports.Measure = c => FacePayPorts.Measured(FaceComparison.Match, WalletId.ToString());

        await Pay(ports, CustomerHint.LastFour("5678"));

        // Ada has no new-model template: the search runs under the old model, Ada's and Bob's old templates only.
        Assert.All(Assert.Single(ports.Comparisons), c => Assert.Equal(ModelId, c.ModelId));
        var others = Assert.Single(ports.RenewalComparisons);
        Assert.Equal((BobId.ToString(), NewModelId), Assert.Single(others.Select(c => (c.Id, c.ModelId))));
    }

    [Fact]
    public async Task A_new_template_that_looks_like_another_customer_is_not_kept()
    {
        var ports = Upgraded();
        ports.Renewed = _ => new ProbeTemplate([0.1f, 0.2f, 0.3f, 0.4f], 1, GoodQuality, LooksLikeAnother: true);

        var paid = await Pay(ports, CustomerHint.Phone(Phone));

        Assert.Equal(PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Empty(ports.Kept);
        Assert.Null(ports.Ledger.Streams.Wallet(WalletId)!.Biometrics.CurrentTemplateOf(NewModelId));
    }

    [Fact]
    public async Task Without_renewal_configured_an_old_models_template_is_never_opened_nor_compared()
    {
        var ports = Upgraded(renewFromOld: false);

        var declined = await Pay(ports, CustomerHint.Phone(Phone));

        Assert.Empty(ports.Opened);
        Assert.Equal((FacePaymentHandler.DecoyId, NewModelId), Assert.Single(Assert.Single(ports.Comparisons).Select(c => (c.Id, c.ModelId))));
        Assert.Equal(DeclineReason.ReenrolmentRequired, declined.Outcome.DeclineReason);
        Assert.Empty(ports.Kept);
    }

    [Fact]
    public async Task A_renewed_customer_pays_under_the_new_model_and_nothing_more_is_made()
    {
        var ports = Upgraded();
        await Pay(ports, CustomerHint.Phone(Phone));
        var renewed = Assert.Single(ports.Kept).TemplateId;
        ports.Enrol(WalletId, renewed, modelId: NewModelId);

        var again = await new FacePaymentHandler(ports, ports, ports, ports, ports, new CaptureIntake(AcceptUnattestedCaptures: true, AcceptUnattestedTemplates: false))
            .PayAsync(new FacePaymentAttempt(TerminalId, Eur(3m), CustomerHint.Phone(Phone), null, new CapturedFace([0xFF, 0xD8, 0xFF, 9])),
                Context with { IdempotencyKey = $"terminal:{TerminalId}/key-10" }, CancellationToken.None);

        Assert.Equal(PaymentStatus.Authorized, again.Outcome.Status);
        Assert.Equal(NewModelId, Assert.Single(ports.Comparisons[^1]).ModelId);
        Assert.Null(ports.Commands[^1].Renewal);
        Assert.Single(ports.Kept);
        Assert.Single(ports.RenewalComparisons);
    }
}
