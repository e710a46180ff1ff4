using Marten;
using Marten.Services;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ledger.Infrastructure.EventStore;

/// <summary>
/// Marten's SQL log without parameter values. Marten's own logger writes every parameter at Debug, and the
/// parameters of the biometric vault's writes are phone numbers and sealed templates: turning on Debug must not put
/// them in a log file. The statement text and timings are enough to diagnose.
/// </summary>
public sealed class StatementOnlyMartenLogger(ILogger logger) : IMartenLogger, IMartenSessionLogger
{
    public IMartenSessionLogger StartSession(IQuerySession session) => this;

    public void SchemaChange(string sql) => logger.LogInformation("Marten applied a schema change: {Sql}", sql);

    public void OnBeforeExecute(NpgsqlCommand command) { }

    public void OnBeforeExecute(NpgsqlBatch batch) { }

    public void LogSuccess(NpgsqlCommand command) => logger.LogDebug("Marten executed: {Sql}", command.CommandText);

    public void LogSuccess(NpgsqlBatch batch)
    {
        if (logger.IsEnabled(LogLevel.Debug))
            logger.LogDebug("Marten executed a batch: {Sql}", string.Join(";\n", Enumerable.Select<NpgsqlBatchCommand, string>(batch.BatchCommands, c => c.CommandText)));
    }

    public void LogFailure(NpgsqlCommand command, Exception ex) => logger.LogError(ex, "Marten failed: {Sql}", command.CommandText);

    public void LogFailure(NpgsqlBatch batch, Exception ex) =>
        logger.LogError(ex, "Marten failed in a batch: {Sql}", string.Join(";\n", Enumerable.Select<NpgsqlBatchCommand, string>(batch.BatchCommands, c => c.CommandText)));

    public void LogFailure(Exception ex, string message) => logger.LogError(ex, "Marten: {Message}", message);

    public void RecordSavedChanges(IDocumentSession session, IChangeSet commit) { }
}
