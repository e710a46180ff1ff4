namespace Ledger.Vision.Cli;

/// <summary>Operator commands <c>ledger vision detect|compare|identify</c>. Owned by the vision plugin.</summary>
public static class VisionCommandLine
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("ledger vision: not built yet");
        return Task.FromResult(2);
    }
}
