using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Api.Terminals;
using Ledger.Api.Wallets;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Accounting;
using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Reads;
using Marten;

namespace Ledger.Api.Merchants;

public sealed record MerchantResponse(Guid MerchantId, string Name, string SettlementCurrency, string SettlementAccount, string Status,
    DateTimeOffset OnboardedAt, MoneyResponse? Balance)
{
    public static MerchantResponse From(Merchant m, long? balanceMinor = null) =>
        new(m.Id, m.Name, m.SettlementCurrency.Code, m.SettlementAccount, m.Status.ToString().ToLowerInvariant(), m.OnboardedAt,
            balanceMinor is { } b ? MoneyResponse.From(new Money(b, m.SettlementCurrency)) : null);
}

/// <param name="DeviceKey">The key its camera module signs capture statements with, if one is registered.</param>
public sealed record TerminalResponse(Guid TerminalId, Guid MerchantId, string Label, GeoPoint? Location, string Status, DateTimeOffset RegisteredAt,
    string? SuspensionReason = null, DeviceKeySummary? DeviceKey = null)
{
    public static TerminalResponse From(Terminal t) =>
        new(t.Id, t.MerchantId, t.Label, t.Location, t.Status.ToString().ToLowerInvariant(), t.RegisteredAt, t.SuspensionReason,
            t.DeviceKey is { } k ? new DeviceKeySummary(k.Id, k.Algorithm.ToString(), Capture.AssuranceNames.Of(k.Assurance), k.LastCounter) : null);
}

/// <summary>A terminal's device key as operators see it: id, algorithm, assurance and the last statement counter accepted.</summary>
public sealed record DeviceKeySummary(string DeviceKeyId, string Algorithm, string Assurance, long LastCounter);

public sealed record RegisteredTerminalResponse(Guid TerminalId, Guid MerchantId, string Label, GeoPoint? Location, string Status,
    DateTimeOffset RegisteredAt, TerminalKeyResponse Key)
{
    public static RegisteredTerminalResponse From(Terminal t, TerminalKeyResponse key) =>
        new(t.Id, t.MerchantId, t.Label, t.Location, t.Status.ToString().ToLowerInvariant(), t.RegisteredAt, key);
}

public static class MerchantEndpoints
{
    public static void MapMerchantEndpoints(this IEndpointRouteBuilder app)
    {
        var merchants = app.MapGroup("/v1/merchants").WithTags(ApiTags.MerchantsAndTerminals).RequireRole(Role.Operator);
        merchants.MapPost("/", async (OnboardMerchantRequest body, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var id = ctx.IdFor("merchant");
            var result = await useCases.HandleAsync(
                new OnboardMerchant(id, body.Name!, Currency.Of(body.SettlementCurrency!), body.SettlementAccount!, ctx.Now), ctx, ct);
            return http.Created(result, $"/v1/merchants/{id}", m => MerchantResponse.From(m, 0));
        }).Validate<OnboardMerchantRequest>().RequireIdempotencyKey().WithName("onboardMerchant")
          .WithSummary("Onboard a merchant with its settlement account").Produces<MerchantResponse>(StatusCodes.Status201Created)
          .Refuses(422, RuleCodes.UnknownCurrency).Example(new OnboardMerchantRequest("Demo Burger", "EUR", "DE89370400440532013000"));

        merchants.MapGet("/{merchantId:guid}", async (Guid merchantId, IQuerySession session, JournalReads journal, CancellationToken ct) =>
        {
            if (await session.LoadAsync<Merchant>(merchantId, ct) is not { } merchant)
                return Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Merchant {merchantId} does not exist.");
            var balances = await journal.BalancesAsync(LedgerAccount.ForMerchant(merchantId).Code, ct);
            return Results.Ok(MerchantResponse.From(merchant,
                balances.SingleOrDefault(b => b.Currency == merchant.SettlementCurrency.Code)?.BalanceMinor ?? 0));
        }).WithName("getMerchant").WithSummary("Read a merchant and its settlement balance").Produces<MerchantResponse>().Refuses(404, RuleCodes.NotFound);

        merchants.MapPost("/{merchantId:guid}/suspend", async (Guid merchantId, ReasonRequest body, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            return http.Ok(await useCases.HandleAsync(new SuspendMerchant(merchantId, body.Reason!, ctx.Now), ctx, ct), m => MerchantResponse.From(m));
        }).Validate<ReasonRequest>().RequireIdempotencyKey().WithName("suspendMerchant")
          .WithSummary("Suspend a merchant: its terminals can no longer take payments").Produces<MerchantResponse>()
          .Refuses(404, RuleCodes.NotFound).Refuses(422, RuleCodes.MerchantNotActive).Example(new ReasonRequest("chargeback review"));

        merchants.MapPost("/{merchantId:guid}/reinstate", async (Guid merchantId, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            return http.Ok(await useCases.HandleAsync(new ReinstateMerchant(merchantId, ctx.Now), ctx, ct), m => MerchantResponse.From(m));
        }).RequireIdempotencyKey().WithName("reinstateMerchant").WithSummary("Reinstate a suspended merchant")
          .Produces<MerchantResponse>().Refuses(404, RuleCodes.NotFound).Refuses(422, RuleCodes.MerchantNotActive);

        var terminals = app.MapGroup("/v1/terminals").WithTags(ApiTags.MerchantsAndTerminals).RequireRole(Role.Operator);
        terminals.MapPost("/", async (RegisterTerminalRequest body, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var id = ctx.IdFor("terminal");
            var location = body.Location is { } l ? new GeoPoint(l.Latitude!.Value, l.Longitude!.Value) : null;
            var result = await useCases.HandleAsync(new RegisterTerminal(id, body.MerchantId!.Value, body.Label!, location, ctx.Now), ctx, ct);
            var key = await http.IssueFirstKeyAsync(id, ctx, ct);
            return http.Created(result, $"/v1/terminals/{id}", t => RegisteredTerminalResponse.From(t, key));
        }).Validate<RegisterTerminalRequest>().RequireIdempotencyKey()
          .WithName("registerTerminal")
          .WithSummary("Register a terminal to a merchant; the answer carries its signing key id and secret, shown only this once")
          .Produces<RegisteredTerminalResponse>(StatusCodes.Status201Created).Refuses(404, RuleCodes.NotFound)
          .Refuses(422, RuleCodes.MerchantNotActive, RuleCodes.InvalidLocation)
          .Example(new RegisterTerminalRequest(Guid.Parse("617c6162-f9bf-8220-8597-5a9bd6d67c80"), "Till 2", new GeoPointRequest(52.5219, 13.4132)));

        terminals.MapGet("/{terminalId:guid}", async (Guid terminalId, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Terminal>(terminalId, ct) is { } terminal
                ? Results.Ok(TerminalResponse.From(terminal))
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Terminal {terminalId} does not exist."))
            .WithName("getTerminal").WithSummary("Read a terminal: merchant, status, device key")
            .Produces<TerminalResponse>().Refuses(404, RuleCodes.NotFound);

        terminals.MapPost("/{terminalId:guid}/suspend", async (Guid terminalId, ReasonRequest body, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            return http.Ok(await useCases.HandleAsync(new SuspendTerminal(terminalId, body.Reason!, ctx.Now), ctx, ct), TerminalResponse.From);
        }).Validate<ReasonRequest>().RequireIdempotencyKey().WithName("suspendTerminal").WithSummary("Suspend a terminal")
          .Produces<TerminalResponse>().Refuses(404, RuleCodes.NotFound).Refuses(422, RuleCodes.TerminalNotActive)
          .Example(new ReasonRequest("till reported stolen"));

        terminals.MapPost("/{terminalId:guid}/reactivate", async (Guid terminalId, HttpContext http, MerchantUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            return http.Ok(await useCases.HandleAsync(new ReactivateTerminal(terminalId, ctx.Now), ctx, ct), TerminalResponse.From);
        }).RequireIdempotencyKey().WithName("reactivateTerminal").WithSummary("Reactivate a suspended terminal")
          .Produces<TerminalResponse>().Refuses(404, RuleCodes.NotFound).Refuses(422, RuleCodes.TerminalNotActive);
    }
}
