namespace Ledger.Domain.Application;

/// <summary>Load -> decide -> append for a command that touches one stream; returns the state after it.</summary>
internal static class SingleStream
{
    public static async Task<T> DecideAsync<T, TEvent>(
        ILedgerSession session, Guid streamId,
        Func<T?, IReadOnlyList<TEvent>> decide, Func<T?, object, T?> evolve, CancellationToken ct)
        where T : class where TEvent : notnull
    {
        var state = await session.LoadForWritingAsync<T>(streamId, ct);
        var events = decide(state);
        if (events.Count > 0) session.Append<T>(streamId, events.Cast<object>().ToArray());
        return events.Aggregate(state, (s, e) => evolve(s, e))
               ?? throw new InvalidOperationException($"{typeof(T).Name} {streamId} has no state after the command.");
    }
}
