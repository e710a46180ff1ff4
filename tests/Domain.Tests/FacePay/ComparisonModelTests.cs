using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>One search, one model: the model in service when everybody the hint allows has its template, else the older model everybody has.</summary>
public class ComparisonModelTests
{
    private static readonly Guid BobId = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid BobOld = Guid.Parse("00000000-0000-0000-0000-0000000002a1");
    private static readonly Guid BobNew = Guid.Parse("00000000-0000-0000-0000-0000000002a2");
    private static readonly string[] Models = [NewModelId, ModelId];

    private static Wallet Customer(Guid id, params object[] templates)
    {
        object[] history =
        [
            new WalletOpened(id, "x", "+4917099995678", EUR, Limits, Today.AddDays(-30)),
            new FacePayEnabled(id, ConsentPolicy, Purpose, Today.AddDays(-2)),
            .. templates,
        ];
        return history.Aggregate((Wallet?)null, (w, e) => WalletEvolution.Evolve(w, e))!;
    }

    private static FaceEnrolled EnrolledOld(Guid wallet, Guid template) =>
        new(wallet, template, ModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today.AddDays(-2));

    private static FaceTemplateRenewed RenewedNew(Guid wallet, Guid template, Guid from) =>
        new(wallet, template, NewModelId, ModelSha256, from, ModelId, Guid.NewGuid(), CaptureSha256, GoodQuality, ConsentPolicy, Purpose, Today.AddDays(-1));

    [Fact]
    public void Everybody_renewed_is_compared_under_the_model_in_service()
    {
        var ada = Customer(WalletId, EnrolledOld(WalletId, TemplateId), RenewedNew(WalletId, NewTemplateId, TemplateId));
        var bob = Customer(BobId, EnrolledOld(BobId, BobOld), RenewedNew(BobId, BobNew, BobOld));
        var found = new[] { new TemplateOnFile(WalletId, TemplateId, ModelId), new TemplateOnFile(WalletId, NewTemplateId, NewModelId),
            new TemplateOnFile(BobId, BobOld, ModelId), new TemplateOnFile(BobId, BobNew, NewModelId) };

        Assert.Equal(NewModelId, ComparisonModel.Choose(Models, found, new Dictionary<Guid, Wallet> { [WalletId] = ada, [BobId] = bob }));
    }

    [Fact]
    public void One_customer_still_on_the_old_model_puts_the_whole_search_under_the_old_model()
    {
        var ada = Customer(WalletId, EnrolledOld(WalletId, TemplateId));
        var bob = Customer(BobId, EnrolledOld(BobId, BobOld), RenewedNew(BobId, BobNew, BobOld));
        var found = new[] { new TemplateOnFile(WalletId, TemplateId, ModelId), new TemplateOnFile(BobId, BobOld, ModelId),
            new TemplateOnFile(BobId, BobNew, NewModelId) };

        Assert.Equal(ModelId, ComparisonModel.Choose(Models, found, new Dictionary<Guid, Wallet> { [WalletId] = ada, [BobId] = bob }));
    }

    [Fact]
    public void Without_a_model_everybody_has_the_search_stays_under_the_model_in_service()
    {
        var ada = Customer(WalletId, EnrolledOld(WalletId, TemplateId));
        var bob = Customer(BobId, new FaceEnrolled(BobId, BobNew, NewModelId, ModelSha256, CaptureSha256, GoodQuality, ConsentPolicy, null, Today));
        var found = new[] { new TemplateOnFile(WalletId, TemplateId, ModelId), new TemplateOnFile(BobId, BobNew, NewModelId) };

        Assert.Equal(NewModelId, ComparisonModel.Choose(Models, found, new Dictionary<Guid, Wallet> { [WalletId] = ada, [BobId] = bob }));
    }

    [Fact]
    public void Without_older_models_to_renew_from_it_is_always_the_model_in_service()
    {
        var ada = Customer(WalletId, EnrolledOld(WalletId, TemplateId));
        Assert.Equal(NewModelId, ComparisonModel.Choose([NewModelId], [new TemplateOnFile(WalletId, TemplateId, ModelId)],
            new Dictionary<Guid, Wallet> { [WalletId] = ada }));
    }
}
