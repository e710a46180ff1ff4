using System.Net.Sockets;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Resilience;
using Marten.Exceptions;
using Npgsql;

namespace Ledger.Integration.Tests.Resilience;

/// <summary>Which failures are worth a short retry (and a 503 afterwards), and which are the request's own fault.</summary>
public sealed class TransientStoreErrorsTests
{
    public static TheoryData<string, Exception> Transient => new()
    {
        { "connection refused", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "connection reset mid-read", new NpgsqlException("Exception while reading from stream", new EndOfStreamException()) },
        { "pool exhausted", new NpgsqlException("The connection pool has been exhausted", new TimeoutException()) },
        { "timeout", new TimeoutException() },
        { "serialization failure 40001", Postgres(PostgresErrorCodes.SerializationFailure) },
        { "deadlock 40P01", Postgres(PostgresErrorCodes.DeadlockDetected) },
        { "connection failure 08006", Postgres(PostgresErrorCodes.ConnectionFailure) },
        { "unable to connect 08001", Postgres(PostgresErrorCodes.SqlClientUnableToEstablishSqlConnection) },
        { "terminated by administrator 57P01", Postgres(PostgresErrorCodes.AdminShutdown) },
        { "starting up 57P03", Postgres(PostgresErrorCodes.CannotConnectNow) },
        { "too many connections 53300", Postgres(PostgresErrorCodes.TooManyConnections) },
        { "wrapped by Marten", new MartenCommandException(null, new NpgsqlException("reset", new IOException())) },
        { "a batch of transient failures", new AggregateException(new TimeoutException(), Postgres(PostgresErrorCodes.AdminShutdown)) },
    };

    public static TheoryData<string, Exception> NotTransient => new()
    {
        { "unique violation 23505", Postgres(PostgresErrorCodes.UniqueViolation) },
        { "undefined table 42P01", Postgres(PostgresErrorCodes.UndefinedTable) },
        { "invalid text 22P02", Postgres(PostgresErrorCodes.InvalidTextRepresentation) },
        { "driver error without a network cause", new NpgsqlException("bad usage") },
        { "Marten wrapping a constraint violation", new MartenCommandException(null, Postgres(PostgresErrorCodes.UniqueViolation)) },
        { "a batch with one permanent failure", new AggregateException(new TimeoutException(), Postgres(PostgresErrorCodes.UniqueViolation)) },
        // A lost race is the contention retry's business, even though the database reported it as 40001.
        { "lost race", new ConcurrencyConflict("stream moved", Postgres(PostgresErrorCodes.SerializationFailure)) },
        { "idempotency key taken", new IdempotencyKeyTaken("k", Postgres(PostgresErrorCodes.UniqueViolation)) },
        { "business rule", new DomainRuleViolation(RuleCodes.NotFound, "no such wallet") },
        { "cancelled by the caller", new OperationCanceledException() },
        { "bug", new InvalidOperationException("oops", new TimeoutException()) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Is_transient(string because, Exception exception) => Assert.True(TransientStoreErrors.IsTransient(exception), because);

    [Theory]
    [MemberData(nameof(NotTransient))]
    public void Is_not_transient(string because, Exception exception) => Assert.False(TransientStoreErrors.IsTransient(exception), because);

    private static PostgresException Postgres(string sqlState) => new("message", "ERROR", "ERROR", sqlState);
}
