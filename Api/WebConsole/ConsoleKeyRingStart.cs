using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.EventStore;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.WebConsole;

/// <summary>
/// Makes sure the shared key ring has a key before the process serves anything, one process at a time (an advisory
/// lock). Left to Data Protection, the first key is made on a process's first form: two processes serving their first
/// forms at once would each make one and, until their key rings are next read, refuse each other's tokens. Later keys
/// are Data Protection's own rotation, made days before they are used, so every process has read them by then.
/// </summary>
public sealed class ConsoleKeyRingStart(IKeyManager keys, IOptions<KeyManagementOptions> options, NpgsqlDataSource dataSource) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", connection, tx))
        {
            lockCmd.Parameters.AddWithValue(AuditSchema.LockKey(MartenSetup.DefaultSchema, "console-key-ring"));
            await lockCmd.ExecuteNonQueryAsync(ct);
        }
        // Data Protection's own clock: it judges the keys by the real time, whatever clock the ledger runs on.
        var now = DateTimeOffset.UtcNow;
        if (!keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now))
            keys.CreateNewKey(now, now + options.Value.NewKeyLifetime);
        await tx.CommitAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
