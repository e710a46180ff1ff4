using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Audit;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore;
using Marten;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>What a policy would have changed, per currency: payments it would decline that were authorized, and the reverse.</summary>
public sealed record WhatIfTotals(string Currency, int NewlyDeclined, Money NewlyDeclinedAmount, int NewlyAuthorized, Money NewlyAuthorizedAmount);

public sealed record WhatIfReport(string Policy, DateTimeOffset? From, DateTimeOffset? To, int Requests, IReadOnlyList<WhatIfDecision> Changes,
    IReadOnlyList<WhatIfTotals> Totals);

/// <summary>Reads the wallets' histories and payment decisions from the log and replays them under a policy (read only).</summary>
public sealed class WhatIfRunner(IDocumentStore store)
{
    private const int PageSize = 5_000;

    private static readonly string[] Relevant = EventTypeNames.StoredNames(type =>
        typeof(IWalletEvent).IsAssignableFrom(type) || type == typeof(PaymentAuthorized) || type == typeof(PaymentDeclined));

    /// <param name="eventsRead">How many of the wallets' events have been read so far, after each page.</param>
    public async Task<WhatIfReport> RunAsync(LimitPolicy policy, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct,
        IProgress<long>? eventsRead = null)
    {
        long read = 0;
        var histories = new Dictionary<Guid, List<object>>();
        await using var query = store.QuerySession();
        long after = 0;
        while (true)
        {
            IReadOnlyList<IEvent> page = await query.Events.QueryAllRawEvents()
                .Where(e => e.Sequence > after && e.EventTypeName.IsOneOf(Relevant))
                .OrderBy(e => e.Sequence).Take(PageSize).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var e in page)
            {
                var walletId = e.Data switch
                {
                    IWalletEvent w => w.WalletId,
                    PaymentAuthorized a => a.WalletId,
                    PaymentDeclined d => d.WalletId,
                    _ => Guid.Empty,
                };
                if (!histories.TryGetValue(walletId, out var history)) histories[walletId] = history = [];
                history.Add(e.Data);
            }
            after = page[^1].Sequence;
            eventsRead?.Report(read += page.Count);
        }

        var decisions = histories.Values
            .SelectMany(history => WhatIfReplay.Wallet(history, policy, from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue))
            .ToList();
        var changes = decisions.Where(d => d.OutcomeChanges).OrderBy(d => d.At).ToList();
        var totals = changes.GroupBy(d => d.Amount.Currency).Select(g => new WhatIfTotals(g.Key.Code,
                g.Count(d => d.WasAuthorized), Sum(g.Where(d => d.WasAuthorized), g.Key),
                g.Count(d => !d.WasAuthorized), Sum(g.Where(d => !d.WasAuthorized), g.Key)))
            .OrderBy(t => t.Currency).ToList();
        return new WhatIfReport(policy.Name, from, to, decisions.Count, changes, totals);
    }

    private static Money Sum(IEnumerable<WhatIfDecision> decisions, Currency currency) =>
        decisions.Aggregate(Money.Zero(currency), (sum, d) => sum + d.Amount);
}
