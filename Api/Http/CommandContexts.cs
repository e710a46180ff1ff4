using Ledger.Domain.Application;

namespace Ledger.Api.Http;

/// <summary>
/// Builds the command envelope from the HTTP request: the client's Idempotency-Key (required on every
/// state-changing call), a correlation id (the client's X-Correlation-Id or a new one), the request id.
/// </summary>
public static class CommandContexts
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string ReplayedHeader = "Idempotent-Replayed";
    private const string ItemKey = "ledger.command-context";

    public static CommandContext Get(HttpContext http) => (CommandContext)http.Items[ItemKey]!;

    /// <summary>An idempotency key is 1 to 255 visible ASCII characters.</summary>
    public static bool IsUsableKey(string? key) =>
        !string.IsNullOrWhiteSpace(key) && key.Length <= 255 && key.All(c => c is >= '!' and <= '~');

    /// <summary>Endpoint filter: 400 without a usable Idempotency-Key, else stores the context for the handler.</summary>
    public static RouteHandlerBuilder RequireIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new Contract.IdempotentCommand()).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var key = http.Request.Headers[IdempotencyHeader].ToString();
            if (!IsUsableKey(key))
                return Problems.Validation(new Dictionary<string, string[]>
                {
                    [IdempotencyHeader] = ["Every state-changing request needs an Idempotency-Key header: 1 to 255 visible ASCII characters, unique per operation."],
                });

            var correlation = http.Request.Headers[CorrelationHeader].ToString();
            if (string.IsNullOrWhiteSpace(correlation) || correlation.Length > 128) correlation = Guid.NewGuid().ToString("N");
            http.Items[ItemKey] = For(http, key, correlation);
            http.Response.Headers[CorrelationHeader] = correlation;
            var answer = await next(context);
            if (Infrastructure.Diagnostics.CrashPoints.AnyArmed)
                Infrastructure.Diagnostics.CrashPoints.Reached(Infrastructure.Diagnostics.CrashPoints.AnswerPrefix +
                                                               $"{http.Request.Method} {(http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText}");
            return answer;
        });

    /// <summary>The context of a command the authenticated caller sends with <paramref name="key"/> (a usable one).</summary>
    public static CommandContext For(HttpContext http, string key, string correlation, string? reason = null)
    {
        var actor = ActorOf(http);
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        // Keys are scoped to the caller: two terminals may both use "1", and never collide.
        return new CommandContext(actor, $"{actor}/{key}", correlation, null, http.TraceIdentifier, time.GetUtcNow(), reason);
    }

    // A signed terminal request acts as that terminal (TerminalSignatureCheck authenticated it), any other as
    // the credential CredentialCheck accepted: operator:{name}. A command with neither is a wiring mistake.
    private static Actor ActorOf(HttpContext http) =>
        Terminals.TerminalAuthentication.TerminalOf(http) is { } terminal ? Actor.Terminal(terminal)
        : Access.Callers.Of(http) is { } caller ? caller.Actor
        : throw new InvalidOperationException($"{http.Request.Path}: a command endpoint without an authenticated caller.");

    public static IResult Created<T, TResponse>(this HttpContext http, CommandResult<T> result, string location, Func<T, TResponse> map)
    {
        MarkReplay(http, result.Replayed);
        return Results.Created(location, map(result.Outcome));
    }

    public static IResult Ok<T, TResponse>(this HttpContext http, CommandResult<T> result, Func<T, TResponse> map)
    {
        MarkReplay(http, result.Replayed);
        return Results.Ok(map(result.Outcome));
    }

    private static void MarkReplay(HttpContext http, bool replayed)
    {
        if (replayed) http.Response.Headers[ReplayedHeader] = "true";
    }
}
