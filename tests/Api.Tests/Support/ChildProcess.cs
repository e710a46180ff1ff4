using System.Diagnostics;

namespace Ledger.Api.Tests.Support;

/// <summary>A program run to its end in a process of its own, its input closed and its output read back whole.</summary>
internal static class ChildProcess
{
    /// <param name="environment">On top of the test run's own, a null value removing a variable; or, with
    /// <paramref name="inherit"/> false, the whole environment.</param>
    /// <exception cref="TimeoutException">Still running after 5 minutes (then stopped): a bound for a hang, not a measurement.</exception>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string program, IEnumerable<string> arguments, string directory,
        IEnumerable<KeyValuePair<string, string?>> environment, bool inherit = true)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (!inherit) start.Environment.Clear();
        foreach (var (name, value) in environment)
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var hang = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(hang.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not finish within 5 minutes:\n{await stderr}");
        }
        return (process.ExitCode, await stdout, await stderr);
    }
}
