using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Approvals;
using Ledger.Api.Http;
using Ledger.Api.Payments;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Api.Wallets;

public static class WalletEndpoints
{
    public static void MapWalletEndpoints(this IEndpointRouteBuilder app)
    {
        var wallets = app.MapGroup("/v1/wallets").WithTags(ApiTags.Wallets).RequireRole(Role.Operator);

        wallets.MapPost("/", async (OpenWalletRequest body, HttpContext http, WalletUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var currency = Currency.Of(body.Currency!);
            var limits = body.Limits is { } l
                ? new WalletLimits(MoneyText.Parse(l.PerPayment!, l.Currency!), MoneyText.Parse(l.DailyAmount!, l.Currency!), l.DailyCount!.Value)
                : null;
            var id = ctx.IdFor("wallet");
            var result = await useCases.HandleAsync(new OpenWallet(id, body.CustomerName!, body.PhoneNumber!, currency, limits, ctx.Now), ctx, ct);
            return http.Created(result, $"/v1/wallets/{id}", w => WalletResponse.From(w, ctx.Now));
        }).Validate<OpenWalletRequest>().RequireIdempotencyKey().WithName("openWallet").WithSummary("Open a customer wallet")
          .Produces<WalletResponse>(StatusCodes.Status201Created)
          .Refuses(422, RuleCodes.UnknownCurrency, RuleCodes.InvalidPhoneNumber, RuleCodes.InvalidLimits, RuleCodes.CurrencyMismatch,
              RuleCodes.TooManyDecimals, RuleCodes.AmountOutOfRange, RuleCodes.AmountNotPositive)
          .Example(new OpenWalletRequest("Grace Hopper", "+4915199999999", "EUR", new LimitsRequest("50.00", "120.00", 5, "EUR")));

        wallets.MapGet("/{walletId:guid}", async (Guid walletId, IQuerySession session, TimeProvider time, CancellationToken ct) =>
            await session.LoadAsync<Wallet>(walletId, ct) is { } wallet
                ? Results.Ok(WalletResponse.From(wallet, time.GetUtcNow()))
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Wallet {walletId} does not exist."))
            .WithName("getWallet").WithSummary("Read a wallet: balance, limits, today's usage (strongly consistent)")
            .Produces<WalletResponse>().Refuses(404, RuleCodes.NotFound);

        wallets.MapGet("/{walletId:guid}/payments", async (Guid walletId, IQuerySession session, int? limit, CancellationToken ct) =>
        {
            var payments = await session.Query<Payment>().Where(p => p.WalletId == walletId)
                .OrderByDescending(p => p.DecidedAt).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(ct);
            return Results.Ok(payments.Select(PaymentResponse.From));
        }).WithName("listWalletPayments").WithSummary("The wallet's payments, newest first (limit: 1 to 500, default 50)")
          .Produces<PaymentResponse[]>();

        MapCommand<MoneyMovementRequest>(wallets, "/{walletId:guid}/top-ups", "topUpWallet", "Top up from an external funding source",
            new MoneyMovementRequest("60.00", "EUR", "card-acq-42"),
            (id, b, ctx) => new TopUpWallet(id, ctx.IdFor("top-up"), MoneyText.Parse(b.Amount!, b.Currency!), b.Reference!, ctx.Now));
        // Four eyes above a threshold: the request waits (202) for another operator's approval (/v1/approvals/{id}/approve).
        MapCommand<MoneyMovementRequest>(wallets, "/{walletId:guid}/payouts", "payOutWallet",
            "Pay out to the customer's bank account; above the four-eyes amount (100.00) 202 with a request another operator approves",
            new MoneyMovementRequest("25.00", "EUR", "sepa-out-7"),
            (id, b, ctx) => new PayOutWallet(id, ctx.IdFor("payout"), MoneyText.Parse(b.Amount!, b.Currency!), b.Reference!, ctx.Now),
            needsApproval: (c, policy) => policy.NeedsApproval((PayOutWallet)c)
                ? (SensitiveAct.Payout, new ActDetails(Amount: ((PayOutWallet)c).Amount, Reference: ((PayOutWallet)c).PayoutReference)) : null);
        MapCommand<LimitsRequest>(wallets, "/{walletId:guid}/limits", "setWalletLimits",
            "Set payment limits; limits above the standard ones: 202 with a request another operator approves",
            new LimitsRequest("40.00", "100.00", 10, "EUR"),
            (id, b, ctx) => new SetWalletLimits(id, new WalletLimits(MoneyText.Parse(b.PerPayment!, b.Currency!),
                MoneyText.Parse(b.DailyAmount!, b.Currency!), b.DailyCount!.Value), ctx.Now), put: true,
            needsApproval: (c, _) => FourEyesPolicy.NeedsApproval((SetWalletLimits)c)
                ? (SensitiveAct.LimitRaise, new ActDetails(Limits: ((SetWalletLimits)c).Limits)) : null);
        MapCommand<ConsentRequest>(wallets, "/{walletId:guid}/face-pay", "enableFacePay", "Record the customer's consent to pay by face",
            new ConsentRequest("consent-2026-01"),
            (id, b, ctx) => new EnableFacePay(id, b.PolicyVersion!, ctx.Now), put: true);
        MapCommand<ReasonRequest>(wallets, "/{walletId:guid}/freeze", "freezeWallet", "Freeze: no money leaves the wallet",
            new ReasonRequest("fraud alert 17"),
            (id, b, ctx) => new FreezeWallet(id, b.Reason!, ctx.Now));

        MapBodiless(wallets.MapDelete("/{walletId:guid}/face-pay", Bodiless((id, ctx) => new DisableFacePay(id, ctx.Now))), "disableFacePay",
            "Pause face pay; the template is kept (DELETE /v1/wallets/{id}/face withdraws consent and erases the biometrics)");
        MapBodiless(wallets.MapPost("/{walletId:guid}/unfreeze", Bodiless((id, ctx) => new UnfreezeWallet(id, ctx.Now))), "unfreezeWallet", "Unfreeze");
        MapBodiless(wallets.MapPost("/{walletId:guid}/close", Bodiless((id, ctx) => new CloseWallet(id, ctx.Now))), "closeWallet", "Close (only at zero balance)");
    }

    private static void MapCommand<TBody>(RouteGroupBuilder group, string pattern, string name, string summary, TBody example,
        Func<Guid, TBody, CommandContext, WalletCommand> command, bool put = false,
        Func<WalletCommand, FourEyesPolicy, (SensitiveAct Act, ActDetails Details)?>? needsApproval = null) where TBody : class
    {
        Delegate handler = async (Guid walletId, TBody body, HttpContext http, WalletUseCases useCases, ApprovalUseCases approvals, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var decided = command(walletId, body, ctx);
            if (needsApproval?.Invoke(decided, approvals.Policy) is { } approval)
                return http.Pending(await approvals.RequestAsync(approval.Act, walletId, approval.Details, ctx, ct));
            var result = await useCases.HandleAsync(decided, ctx, ct);
            return http.Ok(result, w => WalletResponse.From(w, ctx.Now));
        };
        var endpoint = (put ? group.MapPut(pattern, handler) : group.MapPost(pattern, handler))
            .Validate<TBody>().RequireIdempotencyKey().WithName(name).WithSummary(summary).Example(example);
        Describe(endpoint);
        if (needsApproval is not null) endpoint.Produces<ApprovalResponse>(StatusCodes.Status202Accepted);
    }

    private static Delegate Bodiless(Func<Guid, CommandContext, WalletCommand> command) =>
        async (Guid walletId, HttpContext http, WalletUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var result = await useCases.HandleAsync(command(walletId, ctx), ctx, ct);
            return http.Ok(result, w => WalletResponse.From(w, ctx.Now));
        };

    private static void MapBodiless(RouteHandlerBuilder builder, string name, string summary) =>
        Describe(builder.RequireIdempotencyKey().WithName(name).WithSummary(summary));

    /// <summary>What every wallet command answers: the wallet, or the rule it would break.</summary>
    private static void Describe(RouteHandlerBuilder builder) =>
        builder.Produces<WalletResponse>().Refuses(404, RuleCodes.NotFound)
            .Refuses(422, RuleCodes.WalletNotActive, RuleCodes.WalletClosed, RuleCodes.WalletNotFrozen, RuleCodes.InsufficientFunds,
                RuleCodes.BalanceNotZero, RuleCodes.CurrencyMismatch, RuleCodes.InvalidLimits, RuleCodes.TooManyDecimals,
                RuleCodes.AmountOutOfRange, RuleCodes.AmountNotPositive, RuleCodes.UnknownCurrency);
}
