using System.Net.Sockets;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Resilience;
using Npgsql;

namespace Ledger.Integration.Tests.Resilience;

/// <summary>How often the command retry re-runs a command, per kind of failure.</summary>
public sealed class PollyCommandRetryTests
{
    private readonly PollyCommandRetry _retry = new();

    [Fact]
    public async Task A_database_that_stays_away_is_tried_a_bounded_number_of_times_and_its_error_surfaces()
    {
        var attempts = 0;
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));

        var thrown = await Assert.ThrowsAsync<NpgsqlException>(() => _retry.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw refused;
        }, default));

        Assert.Same(refused, thrown);
        Assert.Equal(PollyCommandRetry.MaxTransientAttempts, attempts);
    }

    [Fact]
    public async Task A_database_back_before_the_budget_is_spent_answers_the_command()
    {
        var attempts = 0;

        var result = await _retry.ExecuteAsync(_ => ++attempts < 2 ? throw new TimeoutException() : Task.FromResult("done"), default);

        Assert.Equal(("done", 2), (result, attempts));
    }

    [Fact]
    public async Task A_permanent_database_error_is_not_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<PostgresException>(() => _retry.ExecuteAsync<int>(_ =>
        {
            attempts++;
            throw new PostgresException("relation does not exist", "ERROR", "ERROR", PostgresErrorCodes.UndefinedTable);
        }, default));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task A_lost_race_after_a_transient_failure_is_still_retried_as_contention()
    {
        var attempts = 0;

        var result = await _retry.ExecuteAsync(_ => ++attempts switch
        {
            1 => throw new TimeoutException(),
            2 or 3 => throw new ConcurrencyConflict("stream moved"),
            _ => Task.FromResult(attempts),
        }, default);

        Assert.Equal(4, result);
    }
}
