using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A PostgreSQL server of one test's own (initdb into a temporary folder, its own port), for what must not happen to
/// the server every other test shares: being stopped with <c>-m immediate</c>, which is a crash (no checkpoint, no clean
/// shutdown; the next start replays the WAL). Run as the operating-system user set-up created for PostgreSQL when the
/// tests run as root, as the server refuses root.
/// </summary>
internal sealed class OwnPostgres : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory;
    private readonly int _port;

    private OwnPostgres(string directory, int port) => (_directory, _port) = (directory, port);

    private string Data => Path.Combine(_directory, "data");

    /// <summary>The superuser <c>ledger</c> (trust authentication on loopback), on database <c>postgres</c>.</summary>
    public string ServerConnection => $"Host=127.0.0.1;Port={_port};Username=ledger;Password=ledger;Database=postgres";

    public static async Task<OwnPostgres> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "ledger-test-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var server = new OwnPostgres(directory, FreePort());
        try
        {
            if (RunningAsRoot) await RunAsync("chown", ["-R", OsUser, directory], asServerUser: false);
            await server.ServerToolAsync("initdb", "-D", server.Data, "-U", "ledger", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8");
            await server.StartAgainAsync();
            await using var connection = new NpgsqlConnection(server.ServerConnection);
            await connection.OpenAsync();
            // The runtime role as set-up makes it: the migration grants it what the service may do.
            await using var role = new NpgsqlCommand("create role ledger_app login password 'ledger_app'", connection);
            await role.ExecuteNonQueryAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Starts the server (again), on the same data and port; returns when it accepts connections.</summary>
    public Task StartAgainAsync() => ServerToolAsync("pg_ctl", "start", "-D", Data, "-w", "-t", "120", "-l", Path.Combine(_directory, "server.log"),
        "-o", $"-p {_port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_directory} -c fsync=on");

    /// <summary><c>pg_ctl stop -m immediate</c>: every server process quits at once, as in a crash; nothing is flushed.</summary>
    public Task StopImmediatelyAsync() => ServerToolAsync("pg_ctl", "stop", "-D", Data, "-m", "immediate", "-w");

    private Task ServerToolAsync(string tool, params string[] arguments) => RunAsync(Path.Combine(Bin, tool), arguments, asServerUser: true);

    private static bool RunningAsRoot => Environment.UserName == "root";

    private static string OsUser => Environment.GetEnvironmentVariable("LEDGER_PG_OS_USER") is { Length: > 0 } user ? user : "ledger";

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asServerUser)
    {
        var (file, args) = asServerUser && RunningAsRoot ? ("runuser", (IEnumerable<string>)["-u", OsUser, "--", program, .. arguments]) : (program, arguments);
        var (code, stdout, stderr) = await ChildProcess.RunAsync(file, args, Path.GetTempPath(), []);
        if (code != 0) throw new InvalidOperationException($"{program} {string.Join(' ', arguments)}: exit {code}\n{stdout}\n{stderr}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await StopImmediatelyAsync(); }
        catch (InvalidOperationException) { } // not running
        Directory.Delete(_directory, recursive: true);
    }
}
