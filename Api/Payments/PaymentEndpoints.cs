using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Api.Terminals;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Marten;

namespace Ledger.Api.Payments;

public static class PaymentEndpoints
{
    public static void MapPaymentEndpoints(this IEndpointRouteBuilder app)
    {
        var payments = app.MapGroup("/v1/payments").WithTags("Payments");

        // A decline is a recorded outcome, so it is a 201 like an authorization; the body says which.
        payments.MapPost("/", async (AuthorizePaymentRequest body, HttpContext http, PaymentUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            if (TerminalAuthentication.TerminalOf(http) != body.TerminalId)
                return Problems.Of(403, "terminal_mismatch", "Forbidden.", "A terminal can only take payments as itself: terminalId must be the signing terminal.");
            var command = new AuthorizePayment(ctx.IdFor("payment"), body.WalletId!.Value, body.TerminalId!.Value,
                MoneyText.Parse(body.Amount!, body.Currency!), ctx.Now);
            var result = await useCases.AuthorizeAsync(command, ctx, ct);
            return http.Created(result, $"/v1/payments/{result.Outcome.Id}", TerminalPaymentResponse.From);
        }).Validate<AuthorizePaymentRequest>().RequireIdempotencyKey().RequireTerminalSignature()
          .WithSummary("Authorize a payment at a terminal (signed by that terminal): authorized or declined with a coarse reason, never the rule inputs");

        payments.MapGet("/{paymentId:guid}", async (Guid paymentId, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Payment>(paymentId, ct) is { } payment
                ? Results.Ok(PaymentResponse.From(payment))
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Payment {paymentId} does not exist."))
            .RequireRole(Role.Operator).WithSummary("Read a payment and the inputs of its decision");

        payments.MapPost("/{paymentId:guid}/refunds", async (Guid paymentId, RefundRequest body, HttpContext http, PaymentUseCases useCases, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            var command = new RefundPayment(paymentId, ctx.IdFor("refund"), MoneyText.Parse(body.Amount!, body.Currency!), body.Reason!, ctx.Now);
            var result = await useCases.RefundAsync(command, ctx, ct);
            return http.Created(result, $"/v1/payments/{paymentId}", PaymentResponse.From);
        }).Validate<RefundRequest>().RequireIdempotencyKey().RequireRole(Role.Operator)
          .WithSummary("Refund part or all of an authorized payment (never more than captured)");
    }
}
