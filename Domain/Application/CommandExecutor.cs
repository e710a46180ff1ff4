using System.Text.Json;

namespace Ledger.Domain.Application;

/// <summary>The outcome of a command and whether it is the stored answer to an earlier identical request.</summary>
public sealed record CommandResult<T>(T Outcome, bool Replayed);

/// <summary>
/// The one place where a command runs: check the idempotency key, decide on freshly loaded state,
/// append, record the outcome under the key, commit; all or nothing, retried on lost races.
/// </summary>
public sealed class CommandExecutor(ILedgerStore store, ICommandRetry retry)
{
    private static readonly JsonSerializerOptions OutcomeJson = new(JsonSerializerDefaults.Web);

    public Task<CommandResult<T>> ExecuteAsync<T>(
        CommandContext context, string requestHash, Func<ILedgerSession, CancellationToken, Task<T>> decide, CancellationToken ct) =>
        ExecuteAsync(context, requestHash, null, decide, ct);

    /// <param name="plan">The streams the decision will load, fetched with the idempotency record in one round trip.</param>
    public Task<CommandResult<T>> ExecuteAsync<T>(CommandContext context, string requestHash, Prefetch? plan,
        Func<ILedgerSession, CancellationToken, Task<T>> decide, CancellationToken ct) =>
        ExecuteAsync(context, requestHash, plan, decide, answerStream: null, ct);

    /// <param name="plan">The streams the decision will load, fetched with the idempotency record in one round trip.</param>
    /// <param name="answerStream">
    /// For an outcome that is the state of a stream the command appends to (a payment), that stream: the record refers to
    /// it instead of holding a second copy of what the events already hold; null stores the outcome itself.
    /// </param>
    public Task<CommandResult<T>> ExecuteAsync<T>(CommandContext context, string requestHash, Prefetch? plan,
        Func<ILedgerSession, CancellationToken, Task<T>> decide, Func<T, Guid>? answerStream, CancellationToken ct) =>
        retry.ExecuteAsync(token => store.RunAsync(context, plan, async (session, t) =>
        {
            await session.PrefetchAsync(context.IdempotencyKey, plan ?? new Prefetch(), t);
            if (await AnsweredAsync<T>(session, await session.FindIdempotencyAsync(context.IdempotencyKey, t), context, requestHash, t) is { } replay)
                return replay;

            var outcome = await decide(session, t);
            session.Record(answerStream is null
                ? new IdempotencyRecord(context.IdempotencyKey, requestHash, typeof(T).Name, JsonSerializer.Serialize(outcome, OutcomeJson), context.Now)
                : new IdempotencyRecord(context.IdempotencyKey, requestHash, typeof(T).Name, "", context.Now, answerStream(outcome)));
            return new CommandResult<T>(outcome, Replayed: false);
        }, token), ct);

    /// <summary>
    /// The stored answer when this key was already used for this request (a conflict when for another), without
    /// deciding anything: lets a command with costly work before its decision (a face capture) skip that work on a retry.
    /// </summary>
    public async Task<CommandResult<T>?> FindAnswerAsync<T>(CommandContext context, string requestHash, CancellationToken ct)
    {
        await using var session = store.OpenSession(context);
        return await AnsweredAsync<T>(session, await session.FindIdempotencyAsync(context.IdempotencyKey, ct), context, requestHash, ct);
    }

    private static async Task<CommandResult<T>?> AnsweredAsync<T>(ILedgerSession session, IdempotencyRecord? earlier, CommandContext context,
        string requestHash, CancellationToken ct)
    {
        if (earlier is null) return null;
        if (earlier.RequestHash != requestHash) throw new IdempotencyConflict(context.IdempotencyKey);
        if (earlier.AnswerStream is not { } stream)
            return new CommandResult<T>(JsonSerializer.Deserialize<T>(earlier.Outcome, OutcomeJson)!, Replayed: true);
        // The record and the events it refers to were committed together: a reference that finds nothing is a damaged
        // store, never a reason to decide the request again.
        var state = await session.StateAsAnsweredAsync(typeof(T), stream, earlier.Id, ct)
                    ?? throw new InvalidOperationException($"The answer recorded under key {earlier.Id} refers to stream {stream}, which holds no event of that key.");
        return new CommandResult<T>((T)state, Replayed: true);
    }
}
