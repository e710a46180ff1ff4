using JasperFx.Events;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>Which state of a stream to rebuild: as of a recorded time, or as of a stream version (at most one).</summary>
public sealed record AsOf(DateTimeOffset? Timestamp, long? Version)
{
    public static AsOf Now => new(null, null);
}

/// <summary>A stream's state rebuilt from its events up to a point, with where that point fell.</summary>
public sealed record ReplayedState(string Kind, Guid Id, object? State, long Version, DateTimeOffset? LastEventAt, DailyUsage? UsedToday);

/// <summary>
/// Point-in-time state of any wallet, merchant, terminal or payment: the stream's events up to the
/// requested time (the time each event was recorded) or version, folded with the domain's own
/// <c>Evolve</c>, so the answer is what the ledger itself believed then, not a recomputation.
/// </summary>
public sealed class PointInTime(IDocumentStore store)
{
    public static readonly string[] Kinds = ["wallet", "merchant", "terminal", "payment"];

    /// <summary>The kind of stream an event of this stored name opens or belongs to (wallet, merchant, terminal, payment), or null.</summary>
    public static string? KindOf(string storedEventName)
    {
        var type = EventStore.EventTypeNames.All.FirstOrDefault(p => p.Value == storedEventName).Key;
        return type switch
        {
            null => null,
            _ when typeof(IWalletEvent).IsAssignableFrom(type) => "wallet",
            _ when typeof(IMerchantEvent).IsAssignableFrom(type) => "merchant",
            _ when typeof(ITerminalEvent).IsAssignableFrom(type) => "terminal",
            _ when typeof(IPaymentEvent).IsAssignableFrom(type) => "payment",
            _ => null,
        };
    }

    /// <summary>What is wrong with a request for a point in time, by field (empty when nothing): the HTTP read and the console ask the same.</summary>
    public static Dictionary<string, string[]> Check(string kind, DateTimeOffset? asOf, long? version)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Kinds.Contains(kind)) errors["kind"] = [$"One of {string.Join(", ", Kinds)}."];
        if (asOf is not null && version is not null) errors["asOf"] = ["Give asOf or version, not both."];
        if (version is < 1) errors["version"] = ["A stream version counts from 1."];
        return errors;
    }

    public async Task<ReplayedState> ReplayAsync(string kind, Guid id, AsOf asOf, CancellationToken ct)
    {
        if (!Kinds.Contains(kind)) throw new ArgumentException($"'{kind}' is not one of {string.Join(", ", Kinds)}.", nameof(kind));
        await using var session = store.QuerySession();
        IReadOnlyList<IEvent> events = await session.Events.FetchStreamAsync(id, version: asOf.Version ?? 0, timestamp: asOf.Timestamp, token: ct);
        var state = events.Aggregate((object?)null, (folded, e) => Evolve(kind, folded, e.Data));
        var lastAt = events.Count > 0 ? events[^1].Timestamp : (DateTimeOffset?)null;
        // "Used today" is the day of the point asked for (or of the last event when asked by version).
        var usedToday = state is Wallet wallet && (asOf.Timestamp ?? lastAt) is { } day ? wallet.UsedToday.On(day) : null;
        return new ReplayedState(kind, id, state, events.Count > 0 ? events[^1].Version : 0, lastAt, usedToday);
    }

    /// <summary>
    /// The state each event of versions <paramref name="afterVersion"/>+1 to <paramref name="lastVersion"/> found and the state
    /// it left, folded once from the stream's start (one read however many events the page shows).
    /// </summary>
    public async Task<IReadOnlyDictionary<long, (object? Before, object? After)>> StepsAsync(string kind, Guid id, long afterVersion, long lastVersion,
        CancellationToken ct)
    {
        if (!Kinds.Contains(kind)) throw new ArgumentException($"'{kind}' is not one of {string.Join(", ", Kinds)}.", nameof(kind));
        await using var session = store.QuerySession();
        var steps = new Dictionary<long, (object?, object?)>();
        object? state = null;
        foreach (var e in await session.Events.FetchStreamAsync(id, version: lastVersion, token: ct))
        {
            var before = state;
            state = Evolve(kind, state, e.Data);
            if (e.Version > afterVersion) steps[e.Version] = (before, state);
        }
        return steps;
    }

    /// <summary>One event applied with the domain's own Evolve of the stream's kind.</summary>
    private static object? Evolve(string kind, object? state, object data) => kind switch
    {
        "wallet" => WalletEvolution.Evolve((Wallet?)state, data),
        "merchant" => MerchantDecider.Evolve((Merchant?)state, data),
        "terminal" => TerminalDecider.Evolve((Terminal?)state, data),
        _ => PaymentDecider.Evolve((Payment?)state, data),
    };
}
