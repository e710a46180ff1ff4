namespace Ledger.Cli;

/// <summary>The <c>ledger</c> executable: one command per run (docs/CLI.md), the exit code is the command's.</summary>
internal static class LedgerTool
{
    private static Task<int> Main(string[] args) => LedgerCommandLine.RunAsync(args, Console.Out, Console.Error);
}
