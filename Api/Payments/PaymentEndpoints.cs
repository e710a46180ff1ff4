using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Api.Terminals;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Marten;
using System.Buffers.Text;

namespace Ledger.Api.Payments;

public static class PaymentEndpoints
{
    public static void MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/v1/payments").WithTags(ApiTags.Payments);

        // A decline is a recorded outcome, so it is a 201 like an authorization; the body says which.
        payments.MapPost("/", async (AuthorizePaymentRequest body, HttpContext http, PaymentCodeUseCases codes, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            if (TerminalAuthentication.TerminalOf(http) != body.TerminalId)
                return Problems.Of(403, "terminal_mismatch", "Forbidden.", "A terminal can only take payments as itself: terminalId must be the signing terminal.");
            var command = new PayByCode(ctx.IdFor("payment"), PaymentCode.Parse(body.PaymentCode), body.TerminalId!.Value,
                MoneyText.Parse(body.Amount!, body.Currency!), ctx.Now);
            CommandResult<Payment> result;
            using (Diagnostics.ApiActivities.Source.StartActivity(Diagnostics.ApiActivities.Ledger))
                result = await codes.PayAsync(command, ctx, ct, TerminalAuthentication.MerchantOf(http));
            Diagnostics.LedgerMetrics.Decided("code", result.Outcome, result.Replayed);
            return http.Created(result, $"/v1/payments/{result.Outcome.Id}", TerminalPaymentResponse.From);
        }).Validate<AuthorizePaymentRequest>().RequireIdempotencyKey().RequireTerminalSignature()
          .WithName("payByCode")
          .WithSummary("Be paid with the customer's one-time payment code (signed by the terminal): authorized or declined with a coarse reason, never the rule inputs")
          .Produces<TerminalPaymentResponse>(StatusCodes.Status201Created).Refuses(403, "terminal_mismatch")
          .Refuses(422, RuleCodes.UnknownCurrency, RuleCodes.TooManyDecimals, RuleCodes.AmountOutOfRange, RuleCodes.AmountNotPositive,
              RuleCodes.CurrencyMismatch, RuleCodes.MerchantNotActive, RuleCodes.TerminalNotActive)
          .Example(new AuthorizePaymentRequest(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), "12.90", "EUR", "81000000000421234561"));

        app.MapPost("/v1/wallets/{walletId:guid}/payment-credentials", async (Guid walletId, HttpContext http, PaymentCodeUseCases codes, CancellationToken ct) =>
        {
            var (result, key) = await codes.RegisterAsync(walletId, CommandContexts.Get(http), ct);
            if (key is null)
                return Problems.Of(409, "credential_already_issued", "Conflict.",
                    "This request already issued a payment credential; its key is shown only once. Register another with a new Idempotency-Key.");
            var credential = result.Outcome;
            return Results.Created($"/v1/wallets/{walletId}/payment-credentials/{credential.Number}",
                new PaymentCredentialIssuedResponse(credential.Number.ToString(), walletId, Base64Url.EncodeToString(key), credential.Digits,
                    credential.StepSeconds, codes.Policy.Version));
        }).RequireIdempotencyKey().RequireRole(Role.Operator).WithTags(ApiTags.Payments)
          .Produces<PaymentCredentialIssuedResponse>(StatusCodes.Status201Created).WithName("issuePaymentCredential")
          .Refuses(404, RuleCodes.NotFound).Refuses(409, "credential_already_issued").Refuses(422, RuleCodes.WalletClosed)
          .WithSummary("Give the customer's device a payment credential: its key is in this answer only (kept sealed, never shown again)");

        payments.MapGet("/{paymentId:guid}", async (Guid paymentId, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Payment>(paymentId, ct) is { } payment
                ? Results.Ok(PaymentResponse.From(payment))
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Payment {paymentId} does not exist."))
            .RequireRole(Role.Operator).WithName("getPayment").WithSummary("Read a payment and the inputs of its decision")
            .Produces<PaymentResponse>().Refuses(404, RuleCodes.NotFound);

        payments.MapPost("/{paymentId:guid}/refunds", async (Guid paymentId, RefundRequest body, HttpContext http, PaymentUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var command = new RefundPayment(paymentId, ctx.IdFor("refund"), MoneyText.Parse(body.Amount!, body.Currency!), body.Reason!, ctx.Now);
            var result = await useCases.RefundAsync(command, ctx, ct);
            return http.Created(result, $"/v1/payments/{paymentId}", PaymentResponse.From);
        }).Validate<RefundRequest>().RequireIdempotencyKey().RequireRole(Role.Operator)
          .WithName("refundPayment").WithSummary("Refund part or all of an authorized payment (never more than captured)")
          .Produces<PaymentResponse>(StatusCodes.Status201Created).Refuses(404, RuleCodes.NotFound)
          .Refuses(422, RuleCodes.RefundExceedsCaptured, RuleCodes.PaymentNotAuthorized, RuleCodes.CurrencyMismatch, RuleCodes.TooManyDecimals,
              RuleCodes.AmountOutOfRange, RuleCodes.AmountNotPositive, RuleCodes.UnknownCurrency, RuleCodes.WalletClosed)
          .Example(new RefundRequest("2.90", "EUR", "cold fries"));
    }
}
