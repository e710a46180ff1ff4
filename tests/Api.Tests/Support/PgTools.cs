using System.Diagnostics;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>PostgreSQL's own client programs (PostgreSQL 15's, as set-up installs them) against a test database.</summary>
internal static class PgTools
{
    private static string Bin(string tool)
    {
        var installed = Path.Combine("/usr/lib/postgresql/15/bin", tool);
        return File.Exists(installed) ? installed : tool;
    }

    /// <summary>A plain-SQL <c>pg_dump</c> of the database: what a backup of it holds.</summary>
    public static Task<string> DumpAsync(string connectionString) => ExecuteAsync("pg_dump", connectionString, null, "--no-owner", "--no-privileges");

    /// <summary>Restores a plain-SQL dump into the (empty) database.</summary>
    public static Task RestoreAsync(string connectionString, string dump) =>
        ExecuteAsync("psql", connectionString, dump, "-q", "-v", "ON_ERROR_STOP=1");

    private static async Task<string> ExecuteAsync(string tool, string connectionString, string? input, params string[] arguments)
    {
        var c = new NpgsqlConnectionStringBuilder(connectionString);
        var start = new ProcessStartInfo(Bin(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null };
        foreach (var a in new[] { "-h", c.Host!, "-p", c.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", c.Username!, "-d", c.Database! }.Concat(arguments))
            start.ArgumentList.Add(a);
        start.Environment["PGPASSWORD"] = c.Password;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await errors}");
        return await output;
    }
}
