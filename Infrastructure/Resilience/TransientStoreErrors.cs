using Marten.Exceptions;
using Npgsql;

namespace Ledger.Infrastructure.Resilience;

/// <summary>
/// Which failures mean "the database is unreachable or busy for a moment" rather than "this request is
/// wrong": worth a short retry, and a 503 with Retry-After once the retries are spent.
/// </summary>
public static class TransientStoreErrors
{
    /// <summary>
    /// Server errors by SQL state: serialization failures, deadlocks, connection failures, shutdowns and
    /// exhausted resources. Driver failures by Npgsql's own judgement (<see cref="NpgsqlException.IsTransient"/>:
    /// refused or reset connections, I/O, timeouts, an exhausted pool). Marten wraps driver exceptions, so its
    /// wrappers are looked through; a domain exception is never transient, whatever caused it.
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException e => IsTransientState(e.SqlState),
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        // A group commit transaction that died before its commit: nothing was written.
        EventStore.GroupCommit.TransactionLost => true,
        MartenException { InnerException: { } inner } => IsTransient(inner),
        // Marten gathers the failures of one batch; transient only if each of them is.
        AggregateException { InnerExceptions.Count: > 0 } e => e.InnerExceptions.All(IsTransient),
        _ => false,
    };

    private static bool IsTransientState(string sqlState) =>
        sqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
        // Class 08 (connection exception), 57P0x (shutdown, cannot connect now), 53 (insufficient resources).
        || sqlState.StartsWith("08", StringComparison.Ordinal)
        || sqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow
        || sqlState.StartsWith("53", StringComparison.Ordinal);
}
