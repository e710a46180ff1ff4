using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// The <c>ledger</c> tool as a user runs it: the built service executable (<c>dotnet Ledger.Api.dll VERB ...</c>, as in
/// the container) in a process of its own, configured by environment variables, its output redirected (so plain
/// text, no progress bars), read back whole.
/// </summary>
internal static class LedgerProcess
{
    /// <param name="environment">On top of the test run's own; a null value removes the variable.</param>
    public static Task<(int Code, string Out, string Err)> RunAsync(IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment) =>
        ChildProcess.RunAsync("dotnet", [ServiceProcess.ServiceDll, .. args], workingDirectory, environment);
}
