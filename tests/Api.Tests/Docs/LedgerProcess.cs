using System.Diagnostics;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// The <c>ledger</c> tool as a user runs it: the built service executable (<c>dotnet Ledger.Api.dll VERB ...</c>, as in
/// the container) in a process of its own, configured by environment variables, its output redirected (so plain
/// text, no progress bars), read back whole.
/// </summary>
internal static class LedgerProcess
{
    private static readonly string Dll = Path.Combine(Path.GetDirectoryName(typeof(Program).Assembly.Location)!, "Ledger.Api.dll");

    /// <param name="environment">On top of the test run's own; a null value removes the variable.</param>
    public static async Task<(int Code, string Out, string Err)> RunAsync(IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A bound for a hung process, not a measurement: the slowest example (identify over the face set) takes seconds.
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ledger {string.Join(' ', args)} did not finish within 5 minutes:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
