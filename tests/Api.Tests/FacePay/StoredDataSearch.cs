using System.Buffers.Binary;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Searches every text, JSON and bytea column of every table of the test database for needles.</summary>
internal static class StoredDataSearch
{
    /// <returns>One line per column that holds a needle: <c>table.column holds ...</c>.</returns>
    public static async Task<IReadOnlyList<(string Table, string Hit)>> HitsAsync(ApiFixture api, IReadOnlyList<byte[]> bytes, IReadOnlyList<string> texts)
    {
        var columns = await api.RowsAsync(
            "select table_schema, table_name, column_name, data_type from information_schema.columns " +
            "where table_schema not in ('pg_catalog', 'information_schema') and data_type in ('bytea', 'text', 'character varying', 'jsonb', 'json')");
        Assert.Contains(columns, c => (string)c[1]! == "face_templates");
        var hits = new List<(string, string)>();
        foreach (var c in columns)
        {
            var (schema, table, column, type) = ((string)c[0]!, (string)c[1]!, (string)c[2]!, (string)c[3]!);
            var target = $"\"{schema}\".\"{table}\"";
            if (type == "bytea")
            {
                foreach (var needle in bytes)
                    if (await api.ScalarAsync<long>($"select count(*) from {target} where position(@id in \"{column}\") > 0", needle) > 0)
                        hits.Add((table, $"{table}.{column} holds capture or template bytes"));
            }
            else
                foreach (var needle in texts)
                    if (await api.ScalarAsync<long>($"select count(*) from {target} where strpos(\"{column}\"::text, @id) > 0", needle) > 0)
                        hits.Add((table, $"{table}.{column} holds '{needle}'"));
        }
        return hits;
    }

    /// <summary>Template values as they would be stored: little-endian float32.</summary>
    public static byte[] FloatBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }
}
