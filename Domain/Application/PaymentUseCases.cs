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
    // A terminal never changes merchant, so once seen its merchant can be fetched in the same
    // round trip as the wallet; the merchant's status itself is always read fresh.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> _merchantOfTerminal = new();

    public Task<CommandResult<Payment>> AuthorizeAsync(AuthorizePayment command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(nameof(AuthorizePayment), command with { Now = default }),
            PaymentPrefetch(command),
            async (session, token) =>
            {
                var wallet = await session.LoadForWritingAsync<Wallet>(command.WalletId, token);
                var terminal = await session.ReadAsync<Terminal>(command.TerminalId, token);
                var merchant = terminal is null ? null : await session.ReadAsync<Merchant>(terminal.MerchantId, token);
                if (terminal is not null) _merchantOfTerminal.TryAdd(terminal.Id, terminal.MerchantId);
                // The idempotency record already answered repeats, so this payment id is new here.
                var outcome = PaymentDecider.Authorize(command, existing: null, wallet, terminal, merchant);
                return Apply(session, outcome, null, wallet!.Id);
            }, AnsweredByPayment, ct);

    public Task<CommandResult<Payment>> RefundAsync(RefundPayment command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context,
            RequestHash.Of(nameof(RefundPayment), command with { Now = default }),
            new Prefetch().ForWriting<Payment>(command.PaymentId),
            async (session, token) =>
            {
                var payment = await session.LoadForWritingAsync<Payment>(command.PaymentId, token);
                var wallet = payment?.WalletId is { } walletId ? await session.LoadForWritingAsync<Wallet>(walletId, token) : null;
                var outcome = PaymentDecider.Refund(command, payment, wallet);
                return Apply(session, outcome, payment, payment!.WalletId!.Value);
            }, AnsweredByPayment, ct);

    /// <summary>A payment command's answer is its payment as its events left it: the idempotency record refers to the stream.</summary>
    internal static Guid AnsweredByPayment(Payment payment) => payment.Id;

    private Prefetch PaymentPrefetch(AuthorizePayment command)
    {
        var plan = new Prefetch().ForWriting<Wallet>(command.WalletId).Read<Terminal>(command.TerminalId).OnlyEvents();
        return _merchantOfTerminal.TryGetValue(command.TerminalId, out var merchantId) ? plan.Read<Merchant>(merchantId) : plan;
    }

    private static Payment Apply(ILedgerSession session, PaymentOutcome outcome, Payment? before, Guid walletId)
    {
        var paymentId = outcome.PaymentEvents[0].PaymentId;
        session.Append<Payment>(paymentId, outcome.PaymentEvents.Cast<object>().ToArray());
        session.Append<Wallet>(walletId, outcome.WalletEvents.Cast<object>().ToArray());
        return outcome.PaymentEvents.Aggregate(before, (p, e) => PaymentDecider.Evolve(p, e))!;
    }
}
