using JasperFx.Events;
using Ledger.Domain.Application;
using Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

namespace Ledger.Infrastructure.EventStore;

/// <summary>
/// An idempotency record that refers to a stream instead of holding the answer (<see cref="IdempotencyRecord.AnswerStream"/>):
/// what a session checks when it is recorded, and how the answer is folded back from the stream's events on a repeat.
/// </summary>
internal static class AnswerReference
{
    /// <exception cref="InvalidOperationException">the record refers to a stream the command appended nothing to.</exception>
    public static void Check(IdempotencyRecord record, Func<Guid, bool> appendedTo)
    {
        if (record.AnswerStream is { } stream && !appendedTo(stream))
            throw new InvalidOperationException(
                $"The answer under key {record.Id} refers to stream {stream}, to which the command appended no event.");
    }

    /// <summary>
    /// The stream's state through the last of its events carrying <paramref name="idempotencyKey"/>, folded as its snapshot
    /// is; null when none carries it.
    /// </summary>
    public static object? Fold(Type state, IReadOnlyList<IEvent> events, string idempotencyKey)
    {
        var kind = SetBasedStreams.WritableKind(state)
                   ?? throw new NotSupportedException($"No fold is known for a {state.Name} stream: its answers are stored, not referred to.");
        var through = events.LastOrDefault(e => KeyOf(e) == idempotencyKey);
        return through is null ? null : events.Where(e => e.Version <= through.Version).Aggregate((object?)null, (s, e) => kind.Evolve(s, e.Data));
    }

    private static string? KeyOf(IEvent e) =>
        e.Headers is { } headers && headers.TryGetValue(EventHeaders.IdempotencyKey, out var key) ? key?.ToString() : null;
}
