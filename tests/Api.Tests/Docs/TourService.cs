using System.Diagnostics;
using System.Net;
using System.Text;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// The service as <c>scripts/run.sh</c> serves it for the tour, in a process of its own on a database of its own: the
/// demo seed, plain captures accepted (recorded as unattested), an operator and an auditor token. <see cref="RunTourAsync"/>
/// runs <c>bash scripts/tour.sh</c> against it, with an env file in place of <c>.data/env</c>.
/// </summary>
public sealed class TourService : IAsyncLifetime
{
    /// <summary>The seed's second customer, the last thing it writes (README: Alan Turing, 40.00 EUR).</summary>
    private const string LastSeededWallet = "4b633338-11f6-8f97-932b-112037165ee5";

    private readonly string _folder = Directory.CreateTempSubdirectory("ledger-tour-").FullName;
    private readonly string _auditorToken = CredentialStore.NewToken();
    private ServiceProcess? _service;

    private ServiceProcess Service => _service ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Ledger__SeedDemoData"] = "true",
            ["FacePay__Capture__AcceptUnattested"] = "true",
            ["Ledger__Credentials__Auditor"] = _auditorToken,
            // The tour's export asks until the first checkpoint is signed (409 until then): 10 s after the first events
            // here rather than run.sh's 30 s. Whether the tour meets a 409 depends on how soon it gets there.
            ["Audit__CheckpointInterval"] = "00:00:10",
        });
        await WaitForSeedAsync();
    }

    /// <summary>
    /// Runs the tour with the given tokens in its env file (the service's own unless told), and answers its exit code
    /// and everything it printed.
    /// </summary>
    public async Task<(int ExitCode, string Transcript)> RunTourAsync(string? operatorToken = null)
    {
        var env = Path.Combine(_folder, $"env-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(env,
            $"export ConnectionStrings__Ledger='{Service.RuntimeConnectionString}'\n" +
            $"export LEDGER_OPERATOR_TOKEN='{operatorToken ?? Service.OperatorToken}'\n" +
            $"export LEDGER_AUDITOR_TOKEN='{_auditorToken}'\n");
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("scripts/tour.sh");
        start.Environment["LEDGER_URL"] = Service.Address.ToString().TrimEnd('/');
        start.Environment["LEDGER_ENV_FILE"] = env;
        start.Environment.Remove("LEDGER_T0"); // the tour's step times count from its own start, not the test run's
        start.Environment["TMPDIR"] = _folder; // what a failed tour keeps goes with the fixture
        var transcript = new StringBuilder();
        void Keep(string? line)
        {
            if (line is null) return;
            lock (transcript) transcript.AppendLine(line);
        }
        using var tour = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        tour.OutputDataReceived += (_, e) => Keep(e.Data);
        tour.ErrorDataReceived += (_, e) => Keep(e.Data);
        tour.BeginOutputReadLine();
        tour.BeginErrorReadLine();
        // A bound on a hung tour, not a measurement: it takes seconds.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await tour.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            tour.Kill(entireProcessTree: true);
            lock (transcript) Assert.Fail($"The tour did not end within 5 minutes:\n{transcript}\nservice:\n{Service.Output}");
        }
        tour.WaitForExit(); // the last lines of output
        lock (transcript) return (tour.ExitCode, transcript.ToString());
    }

    /// <summary>Ready is not seeded: the seed runs once the service has started, while it already answers.</summary>
    private async Task WaitForSeedAsync()
    {
        for (var deadline = DateTime.UtcNow.AddMinutes(1); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            var wallet = await Service.Operator.GetAsync($"/v1/wallets/{LastSeededWallet}");
            if (wallet.StatusCode == HttpStatusCode.OK && (await wallet.Content.ReadAsStringAsync()).Contains("\"40.00\"", StringComparison.Ordinal))
                return;
        }
        Assert.Fail($"The demo seed did not finish within a minute:\n{Service.Output}");
    }

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
