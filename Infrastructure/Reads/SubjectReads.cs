using Ledger.Domain.Fraud;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.Reads;

/// <summary>A fraud subject as it stands: its status (a wallet or a terminal snapshot) and its latest payment decisions.</summary>
public sealed record SubjectState(FraudSubject Subject, Wallet? Wallet, Terminal? Terminal, IReadOnlyList<Payment> RecentDecisions)
{
    public bool Exists => Wallet is not null || Terminal is not null;
}

/// <summary>
/// What an operator reviewing an alert needs beside the alert: the subject's snapshot and its newest decisions, read
/// through the payments' indexes (by wallet; a terminal's through its merchant's), newest first, a bounded few.
/// </summary>
public sealed class SubjectReads(IDocumentStore store)
{
    public const int MaxDecisions = 50;

    public async Task<SubjectState> ReadAsync(FraudSubject subject, int decisions, CancellationToken ct)
    {
        decisions = Math.Clamp(decisions, 1, MaxDecisions);
        await using var session = store.QuerySession();
        if (subject.Kind == FraudSubjectKind.Wallet)
        {
            var wallet = await session.LoadAsync<Wallet>(subject.Id, ct);
            var payments = wallet is null ? [] : await session.Query<Payment>().Where(p => p.WalletId == subject.Id)
                .OrderByDescending(p => p.DecidedAt).Take(decisions).ToListAsync(ct);
            return new SubjectState(subject, wallet, null, payments);
        }
        var terminal = await session.LoadAsync<Terminal>(subject.Id, ct);
        var atTerminal = terminal is null ? [] : await session.Query<Payment>()
            .Where(p => p.MerchantId == terminal.MerchantId && p.TerminalId == subject.Id)
            .OrderByDescending(p => p.DecidedAt).Take(decisions).ToListAsync(ct);
        return new SubjectState(subject, null, terminal, atTerminal);
    }
}
