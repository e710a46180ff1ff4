using System.Data.Common;
using Npgsql;

namespace Ledger.Infrastructure.EventStore;

/// <summary>
/// The service's pool of PostgreSQL connections. A payment sends the same dozen statements every time; with Npgsql's
/// automatic preparation a statement run twice on a connection is prepared there, and PostgreSQL plans it once per
/// connection instead of once per payment (the journal's one statement took longer to plan than to run). A connection
/// string that says Max Auto Prepare itself keeps its value; 0 turns preparation off.
/// </summary>
public static class LedgerDataSource
{
    /// <summary>Statements kept prepared per connection: a payment's, a face payment's edge and the background work's.</summary>
    public const int AutoPrepared = 128;

    public static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithPreparation(connectionString));

    public static string WithPreparation(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared, AutoPrepareMinUsages = 2 }.ConnectionString;
    }
}
