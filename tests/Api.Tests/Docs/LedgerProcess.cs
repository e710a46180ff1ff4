using Ledger.Api.Tests.Support;
using Ledger.Cli;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// The <c>ledger</c> tool as a user runs it: its built executable (<c>dotnet ledger.dll VERB ...</c>, as in the tool's
/// container) in a process of its own, configured by environment variables, its output redirected (so plain
/// text, no progress bars), read back whole.
/// </summary>
internal static class LedgerProcess
{
    /// <param name="environment">On top of the test run's own; a null value removes the variable.</param>
    public static Task<(int Code, string Out, string Err)> RunAsync(IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment) =>
        ChildProcess.RunAsync("dotnet", [ToolDll, .. args], workingDirectory, environment);

    /// <summary>The tool as built with this project (its project reference puts it beside the tests).</summary>
    public static string ToolDll => typeof(LedgerCommandLine).Assembly.Location;

    /// <summary>The folder of the built tool: a working directory of no test's own.</summary>
    public static string ToolDirectory => Path.GetDirectoryName(ToolDll)!;
}
