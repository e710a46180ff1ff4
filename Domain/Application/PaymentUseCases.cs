using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>
/// Payments touch two streams, the payment and the wallet, committed together. The wallet's version
/// is enforced even for a decline, so the recorded decision inputs are the wallet as it really was.
/// </summary>
public sealed class PaymentUseCases(CommandExecutor executor)
{
    public Task<CommandResult<Payment>> AuthorizeAsync(AuthorizePayment command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(nameof(AuthorizePayment), command with { Now = default }),
            new Prefetch().ForWriting<Wallet>(command.WalletId).Read<Terminal>(command.TerminalId),
            async (session, token) =>
            {
                var wallet = await session.LoadForWritingAsync<Wallet>(command.WalletId, token);
                var terminal = await session.ReadAsync<Terminal>(command.TerminalId, token);
                var merchant = terminal is null ? null : await session.ReadAsync<Merchant>(terminal.MerchantId, token);
                // The idempotency record already answered repeats, so this payment id is new here.
                var outcome = PaymentDecider.Authorize(command, existing: null, wallet, terminal, merchant);
                return Apply(session, outcome, null, wallet!.Id);
            }, ct);

    public Task<CommandResult<Payment>> RefundAsync(RefundPayment command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(nameof(RefundPayment), command with { Now = default }),
            new Prefetch().ForWriting<Payment>(command.PaymentId),
            async (session, token) =>
            {
                var payment = await session.LoadForWritingAsync<Payment>(command.PaymentId, token);
                var wallet = payment is null ? null : await session.LoadForWritingAsync<Wallet>(payment.WalletId, token);
                var outcome = PaymentDecider.Refund(command, payment, wallet);
                return Apply(session, outcome, payment, payment!.WalletId);
            }, ct);

    private static Payment Apply(ILedgerSession session, PaymentOutcome outcome, Payment? before, Guid walletId)
    {
        var paymentId = outcome.PaymentEvents[0].PaymentId;
        session.Append<Payment>(paymentId, outcome.PaymentEvents.Cast<object>().ToArray());
        session.Append<Wallet>(walletId, outcome.WalletEvents.Cast<object>().ToArray());
        return outcome.PaymentEvents.Aggregate(before, (p, e) => PaymentDecider.Evolve(p, e))!;
    }
}
