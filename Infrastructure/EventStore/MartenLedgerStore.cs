using Ledger.Domain.Application;
using Marten;

namespace Ledger.Infrastructure.EventStore;

/// <summary>The Marten adapter of the application's event-store port.</summary>
public sealed class MartenLedgerStore(IDocumentStore store) : ILedgerStore
{
    public ILedgerSession OpenSession(CommandContext context)
    {
        var session = store.LightweightSession();
        Stamp(session, context);
        return new MartenLedgerSession(session);
    }

    /// <summary>One transaction per command: the session's own commit.</summary>
    public async Task<T> RunAsync<T>(CommandContext context, Prefetch? plan, Func<ILedgerSession, CancellationToken, Task<T>> work,
        CancellationToken ct)
    {
        await using var session = OpenSession(context);
        var result = await work(session, ct);
        await session.CommitAsync(ct);
        return result;
    }

    /// <summary>Who, why and in answer to what: the metadata every event the session appends carries.</summary>
    public static void Stamp(IDocumentSession session, CommandContext context)
    {
        session.CorrelationId = context.CorrelationId;
        session.CausationId = context.CausationId;
        session.LastModifiedBy = context.Actor.ToString();
        foreach (var (name, value) in EventHeaders.Of(context)) session.SetHeader(name, value);
    }
}

/// <summary>Names of the metadata headers every event carries.</summary>
public static class EventHeaders
{
    public const string Actor = "actor";
    public const string RequestId = "request-id";
    public const string IdempotencyKey = "idempotency-key";
    /// <summary>Why an operator acted, as they typed it (only on commands that were given a reason).</summary>
    public const string Reason = "reason";

    /// <summary>The headers every event of a command carries, whichever way it is written.</summary>
    public static Dictionary<string, object> Of(CommandContext context)
    {
        var headers = new Dictionary<string, object>
        {
            [Actor] = context.Actor.ToString(),
            [RequestId] = context.RequestId,
            [IdempotencyKey] = context.IdempotencyKey,
        };
        if (context.Reason is not null) headers[Reason] = context.Reason;
        return headers;
    }
}
