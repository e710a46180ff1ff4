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
        retry.ExecuteAsync(token => store.RunAsync(context, plan, async (session, t) =>
        {
            await session.PrefetchAsync(context.IdempotencyKey, plan ?? new Prefetch(), t);
            if (Answered<T>(await session.FindIdempotencyAsync(context.IdempotencyKey, t), context, requestHash) is { } replay)
                return replay;

            var outcome = await decide(session, t);
            session.Record(new IdempotencyRecord(context.IdempotencyKey, requestHash, typeof(T).Name,
                JsonSerializer.Serialize(outcome, OutcomeJson), context.Now));
            return new CommandResult<T>(outcome, Replayed: false);
        }, token), ct);

    /// <summary>
    /// The stored answer when this key was already used for this request (a conflict when for another), without
    /// deciding anything: lets a command with costly work before its decision (a face capture) skip that work on a retry.
    /// </summary>
    public async Task<CommandResult<T>?> FindAnswerAsync<T>(CommandContext context, string requestHash, CancellationToken ct)
    {
        await using var session = store.OpenSession(context);
        return Answered<T>(await session.FindIdempotencyAsync(context.IdempotencyKey, ct), context, requestHash);
    }

    private static CommandResult<T>? Answered<T>(IdempotencyRecord? earlier, CommandContext context, string requestHash)
    {
        if (earlier is null) return null;
        if (earlier.RequestHash != requestHash) throw new IdempotencyConflict(context.IdempotencyKey);
        return new CommandResult<T>(JsonSerializer.Deserialize<T>(earlier.Outcome, OutcomeJson)!, Replayed: true);
    }
}
