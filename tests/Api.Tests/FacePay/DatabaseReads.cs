using Ledger.Api.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Plain SQL against the fixture's database: what is really stored, read past the API.</summary>
internal static class DatabaseReads
{
    public static async Task<T> ScalarAsync<T>(this ApiFixture api, string sql, object? id = null)
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (id is not null) cmd.Parameters.AddWithValue("id", id);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task<IReadOnlyList<object?[]>> RowsAsync(this ApiFixture api, string sql, object? id = null)
    {
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (id is not null) cmd.Parameters.AddWithValue("id", id);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
