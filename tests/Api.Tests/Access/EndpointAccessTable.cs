namespace Ledger.Api.Tests.Access;

/// <summary>Who may call an endpoint, as a test expects it.</summary>
public enum Expected
{
    /// <summary>Anyone, no credential.</summary>
    Public,
    /// <summary>Only a request signed by a terminal's key.</summary>
    Terminal,
    Operator,
    Auditor,
    /// <summary>Finance reads: both roles.</summary>
    OperatorOrAuditor,
}

/// <summary>
/// Every endpoint of the API and who may call it: the contract docs/ACCESS.md describes. A new endpoint
/// must be added here, or <see cref="EndpointAccessTests"/> fails: its access is a decision, not a default.
/// Keys are "METHOD route pattern" as the endpoint data source reports them.
/// </summary>
public static class EndpointAccessTable
{
    public static readonly IReadOnlyDictionary<string, Expected> All = new Dictionary<string, Expected>
    {
        ["GET /openapi/{documentName}.json"] = Expected.Public,
        ["GET /health/live"] = Expected.Public,
        ["GET /health/ready"] = Expected.Public,
        ["GET /v1/audit/public-key"] = Expected.Public,
        ["GET /v1/audit/checkpoint"] = Expected.Public,
        ["GET /v1/audit/keys"] = Expected.Public,
        // Prometheus text: its labels name decline reasons, so not public.
        ["GET /metrics"] = Expected.OperatorOrAuditor,

        ["POST /v1/payments/"] = Expected.Terminal,
        ["POST /v1/face-payments/"] = Expected.Terminal,
        ["GET /v1/face-payments/policy"] = Expected.Terminal,
        ["POST /v1/face-payments/challenges"] = Expected.Terminal,
        ["POST /v1/device-keys/challenges"] = Expected.Terminal,
        ["POST /v1/device-keys"] = Expected.Terminal,

        ["POST /v1/wallets/"] = Expected.Operator,
        ["GET /v1/wallets/{walletId:guid}"] = Expected.Operator,
        ["GET /v1/wallets/{walletId:guid}/payments"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/top-ups"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/payouts"] = Expected.Operator,
        ["PUT /v1/wallets/{walletId:guid}/limits"] = Expected.Operator,
        ["PUT /v1/wallets/{walletId:guid}/face-pay"] = Expected.Operator,
        ["DELETE /v1/wallets/{walletId:guid}/face-pay"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/face/"] = Expected.Operator,
        ["GET /v1/wallets/{walletId:guid}/face/"] = Expected.Operator,
        ["DELETE /v1/wallets/{walletId:guid}/face/"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/face/pin/reset"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/face/enrolment-approvals"] = Expected.Operator,
        ["GET /v1/approvals/{approvalId:guid}"] = Expected.Operator,
        ["POST /v1/approvals/{approvalId:guid}/approve"] = Expected.Operator,
        // The customer's device: no bearer token, it proves itself with its payment credential's key in the body.
        ["PUT /v1/face-pin"] = Expected.Public,
        ["POST /v1/wallets/{walletId:guid}/payment-credentials"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/face/unlock"] = Expected.Operator,
        ["POST /v1/face-templates/mark-outdated"] = Expected.Operator,
        ["GET /v1/face-templates/models"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/freeze"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/unfreeze"] = Expected.Operator,
        ["POST /v1/wallets/{walletId:guid}/close"] = Expected.Operator,
        ["POST /v1/merchants/"] = Expected.Operator,
        ["GET /v1/merchants/{merchantId:guid}"] = Expected.Operator,
        ["POST /v1/merchants/{merchantId:guid}/suspend"] = Expected.Operator,
        ["POST /v1/merchants/{merchantId:guid}/reinstate"] = Expected.Operator,
        ["POST /v1/terminals/"] = Expected.Operator,
        ["GET /v1/terminals/{terminalId:guid}"] = Expected.Operator,
        ["POST /v1/terminals/{terminalId:guid}/suspend"] = Expected.Operator,
        ["POST /v1/terminals/{terminalId:guid}/reactivate"] = Expected.Operator,
        ["POST /v1/terminals/{terminalId:guid}/keys"] = Expected.Operator,
        ["GET /v1/payments/{paymentId:guid}"] = Expected.Operator,
        ["POST /v1/payments/{paymentId:guid}/refunds"] = Expected.Operator,

        ["GET /v1/fraud/alerts"] = Expected.Operator,
        ["GET /v1/fraud/terminals/{terminalId:guid}"] = Expected.Operator,
        ["GET /v1/fraud/wallets/{walletId:guid}"] = Expected.Operator,

        ["GET /v1/ledger/journal"] = Expected.OperatorOrAuditor,
        ["GET /v1/ledger/accounts/{account}"] = Expected.OperatorOrAuditor,
        ["GET /v1/ledger/trial-balance"] = Expected.OperatorOrAuditor,

        ["GET /v1/audit/export"] = Expected.Auditor,
        ["GET /v1/audit/consistency"] = Expected.Auditor,

        // The console (docs/CONSOLE.md): pages signed in by the session cookie, with the roles of the HTTP reads they show.
        ["GET console"] = Expected.OperatorOrAuditor,
        ["GET console/sign-in"] = Expected.Public,
        ["GET console/sign-out"] = Expected.OperatorOrAuditor,
        ["GET console/error/{status:int}"] = Expected.Public,
        ["GET console/streams"] = Expected.Auditor,
        ["GET console/finance"] = Expected.OperatorOrAuditor,
        ["GET console/fraud"] = Expected.Operator,
        ["GET console/explanation"] = Expected.Auditor,
        ["GET console/audit"] = Expected.Auditor,
        ["GET console/state"] = Expected.Auditor,
        ["GET console/what-if"] = Expected.Auditor,
        ["GET console/rebuild"] = Expected.Operator,
        ["GET console/fraud/subject"] = Expected.Operator,
        ["GET /console/assets/console.css"] = Expected.Public,
        ["GET /console/assets/audit-verifier.js"] = Expected.Public,
        ["GET /console/assets/audit-trail.js"] = Expected.Public,
        ["GET /v1/audit/payments/{paymentId:guid}/explanation"] = Expected.Auditor,
        ["GET /v1/audit/state/{kind}/{id:guid}"] = Expected.Auditor,
    };
}
