using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;

namespace Ledger.Api.Diagnostics;

/// <summary>The face-payment ledger with its commit as a span (<see cref="ApiActivities.Ledger"/>) and a metric
/// (<see cref="LedgerMetrics.FacePaymentCommit"/>); the decision is the inner one's.</summary>
public sealed class TimedFacePaymentLedger(IFacePaymentLedger inner) : IFacePaymentLedger
{
    public FacePayPolicy Policy => inner.Policy;

    public Task<CommandResult<Payment>?> EarlierAnswerAsync(string requestHash, CommandContext context, CancellationToken ct) =>
        inner.EarlierAnswerAsync(requestHash, context, ct);

    public async Task<CommandResult<Payment>> PayAsync(PayByFace command, string requestHash, CommandContext context, CancellationToken ct,
        Func<Domain.Wallets.Wallet, ISideWrite>? keepRenewed = null)
    {
        using var span = ApiActivities.Source.StartActivity(ApiActivities.Ledger);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var paid = await inner.PayAsync(command, requestHash, context, ct, keepRenewed);
        LedgerMetrics.FacePaymentCommit.Record(clock.Elapsed.TotalMilliseconds);
        return paid;
    }
}
