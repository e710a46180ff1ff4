using Ledger.Domain.Application;
using Npgsql;

namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>What the caller of a command that failed inside a shared transaction is told.</summary>
internal static class GroupCommitFailures
{
    /// <summary>
    /// A deadlock or serialization failure, or a statement refused because an earlier one of the same command failed (Marten
    /// retrying inside a transaction it does not own), is a lost race: the command was rolled back to its savepoint and is
    /// run again, as a version conflict is. Everything else (a rule, a conflict, a bad request) is the caller's answer as is.
    /// </summary>
    public static Exception ForCaller(Exception error) =>
        error is not ConcurrencyConflict and not IdempotencyKeyTaken && LostRace(error)
            ? new ConcurrencyConflict("The command lost a race inside a shared transaction and was rolled back to its savepoint.", error)
            : error;

    private static bool LostRace(Exception? error)
    {
        for (; error is not null; error = error.InnerException)
        {
            if (error is PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
                or PostgresErrorCodes.InFailedSqlTransaction })
                return true;
            if (error is AggregateException aggregate && aggregate.InnerExceptions.Any(LostRace)) return true;
        }
        return false;
    }
}
