using Ledger.Api.Contract;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Api.Wallets;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Infrastructure.Biometrics;

namespace Ledger.Api.Approvals;

/// <summary>
/// A sensitive act as it waits for, or got, its second operator. <c>requestedBy</c> and <c>approvedBy</c> are the two
/// operators' actors; the act's own events carry the approval as their causation.
/// </summary>
public sealed record ApprovalResponse(
    Guid ApprovalId, string Act, Guid WalletId, string Status, string RequestedBy, DateTimeOffset RequestedAt,
    string? ApprovedBy, DateTimeOffset? GrantedAt, MoneyResponse? Amount, string? Reference, LimitsResponse? Limits, string? ConsentFormSha256)
{
    public static ApprovalResponse From(Approval a) => new(a.Id, RuleCodes.FromName(a.Act.ToString()), a.WalletId,
        a.Status.ToString().ToLowerInvariant(), a.RequestedBy, a.RequestedAt, a.ApprovedBy, a.GrantedAt,
        a.Details.Amount is { } m ? MoneyResponse.From(m) : null, a.Details.Reference,
        a.Details.Limits is { } l ? new LimitsResponse(MoneyResponse.From(l.PerPayment), MoneyResponse.From(l.DailyAmount), l.DailyCount) : null,
        a.Details.ConsentFormSha256);
}

public static class ApprovalEndpoints
{
    public static void MapApprovalEndpoints(this IEndpointRouteBuilder app)
    {
        var approvals = app.MapGroup("/v1/approvals").WithTags(ApiTags.FourEyes).RequireRole(Role.Operator);

        approvals.MapGet("/{approvalId:guid}", async (Guid approvalId, Marten.IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Approval>(approvalId, ct) is { } approval
                ? Results.Ok(ApprovalResponse.From(approval))
                : Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Approval {approvalId} does not exist."))
            .WithName("getApproval").WithSummary("A sensitive act's request: pending, granted (done) or used (an enrolment permit)")
            .Produces<ApprovalResponse>().Refuses(404, RuleCodes.NotFound);

        approvals.MapPost("/{approvalId:guid}/approve", async (Guid approvalId, HttpContext http, ApprovalUseCases useCases, BiometricVault vault,
            CancellationToken ct) =>
            http.Ok(await useCases.GrantAsync(approvalId, vault.ClearPin, CommandContexts.Get(http), ct), ApprovalResponse.From))
            .RequireIdempotencyKey()
            .WithName("approveRequest")
            .WithSummary("Approve another operator's request: the act is done in the same commit (422 four-eyes-same-operator for your own)")
            .Produces<ApprovalResponse>().Refuses(404, RuleCodes.NotFound)
            .Refuses(422, ApprovalDecider.SameOperator, ApprovalDecider.NotPending, ApprovalDecider.Expired, RuleCodes.WalletNotActive,
                RuleCodes.WalletClosed, RuleCodes.InsufficientFunds, RuleCodes.InvalidLimits, RuleCodes.CurrencyMismatch);
    }

    /// <summary>202 with the pending request and where to follow it.</summary>
    public static IResult Pending(this HttpContext http, CommandResult<Approval> result)
    {
        if (result.Replayed) http.Response.Headers[CommandContexts.ReplayedHeader] = "true";
        return Results.Accepted($"/v1/approvals/{result.Outcome.Id}", ApprovalResponse.From(result.Outcome));
    }
}
