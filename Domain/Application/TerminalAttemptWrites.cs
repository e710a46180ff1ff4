using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;

namespace Ledger.Domain.Application;

/// <summary>
/// A failed attempt counts at its terminal in the same commit as the attempt (version-checked: two failures at once
/// cannot both slip under the limit); a success writes nothing there, so honest payments at one till never contend.
/// Face and code payments alike.
/// </summary>
internal static class TerminalAttemptWrites
{
    public static void Append(ILedgerSession session, Terminal terminal, Guid paymentId, IReadOnlyList<IPaymentEvent> paymentEvents,
        TerminalAttemptPolicy attempts, DateTimeOffset now)
    {
        var events = TerminalAttempts.Record(terminal, paymentId, paymentEvents, attempts, now);
        if (events.Count > 0) session.Append<Terminal>(terminal.Id, events.Cast<object>().ToArray());
    }
}
