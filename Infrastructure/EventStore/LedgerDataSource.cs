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

    /// <summary>The service key of <see cref="CreatePlain"/>'s pool.</summary>
    public const string PlainStatements = "plain-statements";

    /// <summary>Connections of the plain pool: it serves a signed request's few statements, not its command.</summary>
    public const int PlainPoolSize = 20;

    /// <summary>
    /// A second pool, for code that runs single statements or batches and leaves nothing behind in the session: the
    /// signature check's key and nonce, the payment credential's key. Its connections go back to the pool without the
    /// reset Npgsql otherwise sends with the next use (seven statements and a transaction of their own, two of each on
    /// every signed payment). Nothing that takes a session advisory lock, makes a temporary table or sets a setting may use
    /// it: the next user of the connection would inherit that. Marten, the daemon, the rebuild and the reports use
    /// <see cref="Create"/>'s pool, which resets.
    /// </summary>
    public static NpgsqlDataSource CreatePlain(string connectionString) => NpgsqlDataSource.Create(
        new NpgsqlConnectionStringBuilder(WithPreparation(connectionString)) { NoResetOnClose = true, MaxPoolSize = PlainPoolSize }.ConnectionString);

    public static string WithPreparation(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare")) return connectionString;
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPrepared, AutoPrepareMinUsages = 2 }.ConnectionString;
    }
}
