using Ledger.Cli;

namespace Ledger.Api.Tests.Cli;

/// <summary>The <c>ledger</c> tool as the executable runs it (same entry point), with the test's services handed in.</summary>
internal static class CommandLine
{
    /// <param name="services">The ledger's services; null for commands that must not need any (bad usage, offline verify, vision).</param>
    public static async Task<(int Code, string Out, string Err)> RunAsync(IServiceProvider? services, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await LedgerCommandLine.RunAsync(args, stdout, stderr, services);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Bad usage: exit 2, nothing on stdout, what is wrong and the command's help on stderr.</summary>
    public static void AssertUsageError((int Code, string Out, string Err) result, string command, string? message = null)
    {
        Assert.Equal(2, result.Code);
        Assert.Equal("", result.Out);
        Assert.StartsWith($"ledger {command}", result.Err);
        Assert.Contains($"Usage:\n  ledger {command}", result.Err.ReplaceLineEndings("\n"));
        if (message is not null) Assert.Contains(message, result.Err);
    }
}
