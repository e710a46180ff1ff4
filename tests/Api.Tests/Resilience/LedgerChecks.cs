using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Docs;
using Ledger.Api.Tests.Support;
using Ledger.Integration.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// What must hold of a ledger after a crash, an outage or a failover, read straight from its database (as its owner)
/// and through the tools an auditor uses: every projection at the last event, each wallet's balance the sum of its
/// journal postings, the journal's trial balance zero, the audit chain verifying.
/// </summary>
internal sealed class LedgerChecks(TestDatabase database, ITestOutputHelper output)
{
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>How many events of <paramref name="type"/> were stored (in the stream <paramref name="stream"/> if given).</summary>
    public Task<long> EventsAsync(string type, Guid? stream = null) => stream is { } id
        ? ScalarAsync<long>("select count(*) from ledger.mt_events where type = @t and stream_id = @s", ("t", type), ("s", id))
        : ScalarAsync<long>("select count(*) from ledger.mt_events where type = @t", ("t", type));

    /// <summary>Polls until <paramref name="done"/> holds; a bound against a hang, not a measurement.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var value = await read();
        for (var deadline = DateTime.UtcNow.AddMinutes(3); !done(value); value = await read())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"No {what} within 3 minutes (last seen: {value}).");
            await Task.Delay(200);
        }
        return value;
    }

    /// <summary>Every projection and subscription at the last stored event; returns that event's sequence number.</summary>
    public async Task<long> CaughtUpAsync()
    {
        var last = await ScalarAsync<long>("select coalesce(max(seq_id), 0) from ledger.mt_events");
        await EventuallyAsync(() => ScalarAsync<string>("select coalesce(string_agg(name || ' at ' || last_seq_id, ', '), '') " +
                "from ledger.mt_event_progression where name not like 'HighWater%' and last_seq_id < @last", ("last", last)),
            behind => behind == "", $"every projection and subscription reaching event {last}");
        return last;
    }

    /// <summary>Each wallet's balance as the service shows it is the sum of its journal postings, and all postings sum to zero.</summary>
    public async Task BooksHoldAsync(HttpClient operatorClient, IEnumerable<Guid> wallets)
    {
        await CaughtUpAsync();
        foreach (var walletId in wallets)
        {
            var shown = (await operatorClient.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}")).GetProperty("balance").GetProperty("amount").GetString()!;
            var journal = await ScalarAsync<long>(
                "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{walletId}"));
            Assert.Equal(journal, (long)(decimal.Parse(shown, CultureInfo.InvariantCulture) * 100));
        }
        Assert.Equal(0L, await ScalarAsync<long>("select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings"));
    }

    /// <summary>`ledger audit verify-db`, as an auditor runs it, once the chain has reached the last event.</summary>
    public async Task ChainVerifiesAsync(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var last = await CaughtUpAsync();
        await EventuallyAsync(() => ScalarAsync<long>("select coalesce(max(seq), 0) from ledger.audit_chain"), seq => seq >= last, "the audit chain reaching the last event");
        var settings = new Dictionary<string, string?> { ["ConnectionStrings__Ledger"] = TestDatabase.RuntimeFor(database.ConnectionString) };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>()) settings[key] = value;
        var (code, stdout, stderr) = await LedgerProcess.RunAsync(["audit", "verify-db"], LedgerProcess.ToolDirectory, settings);
        Assert.True(code == 0, $"audit verify-db: exit {code}\n{stdout}\n{stderr}");
        output.WriteLine(stdout.Trim());
    }
}
