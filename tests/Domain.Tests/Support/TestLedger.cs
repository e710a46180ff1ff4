using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Support;

/// <summary>
/// Every stream of the domain folded in memory: routes each event to its stream's evolve function
/// and each command to its decider with the states that decider reads. The Given/When/Then specs
/// and the property tests both drive the deciders through it, the way the application layer will.
/// </summary>
public sealed class TestLedger
{
    private readonly Dictionary<Guid, Wallet?> _wallets = [];
    private readonly Dictionary<Guid, Merchant?> _merchants = [];
    private readonly Dictionary<Guid, Terminal?> _terminals = [];
    private readonly Dictionary<Guid, Payment?> _payments = [];
    private readonly List<object> _history = [];

    public IReadOnlyList<object> History => _history;

    public Wallet? Wallet(Guid id) => _wallets.GetValueOrDefault(id);
    public Merchant? Merchant(Guid id) => _merchants.GetValueOrDefault(id);
    public Terminal? Terminal(Guid id) => _terminals.GetValueOrDefault(id);
    public Payment? Payment(Guid id) => _payments.GetValueOrDefault(id);

    public void Apply(object @event)
    {
        switch (@event)
        {
            case IWalletEvent e: _wallets[e.WalletId] = WalletEvolution.Evolve(Wallet(e.WalletId), e); break;
            case IMerchantEvent e: _merchants[e.MerchantId] = MerchantDecider.Evolve(Merchant(e.MerchantId), e); break;
            case ITerminalEvent e: _terminals[e.TerminalId] = TerminalDecider.Evolve(Terminal(e.TerminalId), e); break;
            case IPaymentEvent e: _payments[e.PaymentId] = PaymentDecider.Evolve(Payment(e.PaymentId), e); break;
            default: throw new ArgumentException($"{@event.GetType().Name} belongs to no stream.", nameof(@event));
        }
        _history.Add(@event);
    }

    /// <summary>Decides without recording: payment events first, then the wallet's side, as they are appended.</summary>
    public IReadOnlyList<object> Decide(object command) => command switch
    {
        WalletCommand c => [.. WalletDecider.Decide(c, Wallet(c.WalletId))],
        MerchantCommand c => [.. MerchantDecider.Decide(c, Merchant(c.MerchantId))],
        RegisterTerminal c => [.. TerminalDecider.Decide(c, Terminal(c.TerminalId), Merchant(c.MerchantId))],
        TerminalCommand c => [.. TerminalDecider.Decide(c, Terminal(c.TerminalId))],
        AuthorizePayment c => Flatten(AuthorizeWithStreams(c)),
        RefundPayment c => Flatten(PaymentDecider.Refund(c, Payment(c.PaymentId),
            Payment(c.PaymentId)?.WalletId is { } walletId ? Wallet(walletId) : null)),
        _ => throw new ArgumentException($"{command.GetType().Name} is not a command.", nameof(command)),
    };

    /// <summary>Decides and records the events, as a command handler would.</summary>
    public IReadOnlyList<object> Execute(object command)
    {
        var events = Decide(command);
        foreach (var @event in events) Apply(@event);
        return events;
    }

    private PaymentOutcome AuthorizeWithStreams(AuthorizePayment command)
    {
        var terminal = Terminal(command.TerminalId);
        var merchant = terminal is null ? null : Merchant(terminal.MerchantId);
        return PaymentDecider.Authorize(command, Payment(command.PaymentId), Wallet(command.WalletId), terminal, merchant);
    }

    private static IReadOnlyList<object> Flatten(PaymentOutcome outcome) =>
        [.. outcome.PaymentEvents.Cast<object>(), .. outcome.WalletEvents.Cast<object>()];
}
