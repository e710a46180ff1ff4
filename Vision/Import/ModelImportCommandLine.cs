namespace Ledger.Vision.Import;

/// <summary>Operator command <c>ledger models import</c>. Owned by the vision plugin.</summary>
public static class ModelImportCommandLine
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stderr.WriteLine("ledger models: not built yet");
        return Task.FromResult(2);
    }
}
