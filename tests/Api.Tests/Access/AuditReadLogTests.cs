using System.Net;
using Ledger.Api.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.Access;

/// <summary>Every read by an auditor leaves a row (who, which endpoint, streams, period, when); other callers' reads do not.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditReadLogTests(ApiFixture api)
{
    private sealed record Row(string Reader, string Endpoint, string Target, Guid[]? Streams, DateTimeOffset? From, DateTimeOffset? To);

    [Fact]
    public async Task An_auditors_point_in_time_read_is_recorded_with_the_auditor_the_stream_and_the_time()
    {
        var walletId = Guid.NewGuid();
        var before = await MaxReadIdAsync();

        await api.AuditorClient.GetAsync($"/v1/audit/state/wallet/{walletId}?asOf=2026-11-01T12:00:00Z");

        var row = Assert.Single(await ReadsSinceAsync(before));
        Assert.Equal($"auditor:{ApiFixture.AuditorName}", row.Reader);
        Assert.Equal("GET /v1/audit/state/{kind}/{id:guid}", row.Endpoint);
        Assert.Equal($"/v1/audit/state/wallet/{walletId}?asOf=2026-11-01T12:00:00Z", row.Target);
        Assert.Equal([walletId], row.Streams);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T12:00:00Z"), row.To);
    }

    [Fact]
    public async Task An_auditors_export_and_journal_reads_are_recorded_with_their_period_and_streams()
    {
        var stream = Guid.NewGuid();
        var before = await MaxReadIdAsync();

        await api.AuditorClient.GetAsync($"/v1/audit/export?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&stream={stream}");
        await api.AuditorClient.GetAsync($"/v1/ledger/journal?account=wallet:{stream}");

        var rows = await ReadsSinceAsync(before);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("GET /v1/audit/export", DateTimeOffset.Parse("2026-01-01T00:00:00Z"), DateTimeOffset.Parse("2026-02-01T00:00:00Z")),
            (rows[0].Endpoint, rows[0].From, rows[0].To));
        Assert.Equal([stream], rows[0].Streams);
        Assert.Equal("GET /v1/ledger/journal", rows[1].Endpoint);
        Assert.Equal([stream], rows[1].Streams);
    }

    [Fact]
    public async Task Operators_reads_and_refused_auditor_calls_are_not_audit_reads()
    {
        var before = await MaxReadIdAsync();

        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/v1/ledger/trial-balance")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.AuditorClient.GetAsync($"/v1/wallets/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.AnonymousClient.GetAsync("/v1/audit/public-key")).StatusCode);

        Assert.Empty(await ReadsSinceAsync(before));
    }

    [Theory]
    [InlineData("update ledger.audit_reads set reader = 'auditor:someone-else'")]
    [InlineData("delete from ledger.audit_reads")]
    [InlineData("truncate ledger.audit_reads")]
    public async Task The_read_log_refuses_updates_and_deletes(string sql)
    {
        await api.AuditorClient.GetAsync("/v1/ledger/trial-balance");
        var before = await MaxReadIdAsync();
        // As the role the service runs as; only the schema owner (migrations) is exempt (HistoryGuards).
        await using var conn = new NpgsqlConnection(api.RuntimeConnectionString);
        await conn.OpenAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => new NpgsqlCommand(sql, conn).ExecuteNonQueryAsync());

        // Refused by the grants (the runtime role has only INSERT here), and by the history guard behind them.
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        Assert.Equal(before, await MaxReadIdAsync());
    }

    [Fact]
    public async Task The_read_log_records_the_request_and_never_the_answer()
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select column_name from information_schema.columns where table_schema = 'ledger' and table_name = 'audit_reads' order by ordinal_position", conn);
        var columns = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));

        Assert.Equal(["read_id", "read_at", "credential_id", "reader", "endpoint", "target", "streams", "range_from", "range_to", "request_id"], columns);
    }

    private async Task<long> MaxReadIdAsync()
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select coalesce(max(read_id), 0) from ledger.audit_reads", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<List<Row>> ReadsSinceAsync(long readId)
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select reader, endpoint, target, streams, range_from, range_to from ledger.audit_reads where read_id > $1 order by read_id", conn)
            { Parameters = { new() { Value = readId } } };
        var rows = new List<Row>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<Guid[]>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return rows;
    }
}
