using Ledger.Domain.Fraud;
using Marten;

namespace Ledger.Infrastructure.Fraud;

/// <summary>A page of alerts, newest first; <see cref="Before"/> is the cursor of the next (older) page, or null at the end.</summary>
public sealed record FraudAlertPage(IReadOnlyList<FraudAlertView> Alerts, long? Before);

/// <summary>The operators' reads of the asynchronous fraud views (they trail the events by the daemon's lag).</summary>
public sealed class FraudReads(IDocumentStore store)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <param name="before">Only alerts stored before this sequence (the previous page's cursor).</param>
    public async Task<FraudAlertPage> AlertsAsync(FraudSubject? subject, long? before, int limit, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        IQueryable<FraudAlertView> query = session.Query<FraudAlertView>();
        if (subject is not null) query = query.Where(a => a.SubjectId == subject.Id && a.SubjectKind == subject.Kind);
        if (before is { } cursor) query = query.Where(a => a.Sequence < cursor);
        var alerts = await query.OrderByDescending(a => a.Sequence).Take(limit + 1).ToListAsync(ct);
        return alerts.Count > limit
            ? new FraudAlertPage(alerts.Take(limit).ToList(), alerts[limit - 1].Sequence)
            : new FraudAlertPage(alerts, null);
    }

    public async Task<TerminalFraudView?> TerminalAsync(Guid terminalId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<TerminalFraudView>(terminalId, ct);
    }

    public async Task<WalletFraudView?> WalletAsync(Guid walletId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<WalletFraudView>(walletId, ct);
    }
}
