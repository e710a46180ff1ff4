using Ledger.Api.Tests.Support;
using Ledger.Cli;

namespace Ledger.Api.Tests.Cli;

/// <summary>
/// The tool as the README installs it (<see cref="InstalledTool"/>): packed, installed into a tool path of its own and
/// run as <c>ledger</c>, on the documented audit vectors, so that the packaging cannot rot unnoticed.
/// </summary>
public sealed class ToolPackageTests(InstalledTool ledger) : IClassFixture<InstalledTool>
{
    private static string PublicKey => Path.Combine(RepositoryRoot.Path, "docs", "audit-vectors", "public-key.txt");

    [Fact]
    public async Task The_installed_tool_verifies_the_documented_export_against_the_published_key()
    {
        var (code, stdout, stderr) = await ledger.RunAsync("audit", "verify", "docs/audit-vectors/stream-export.jsonl",
            "--public-key", PublicKey);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.StartsWith("OK: docs/audit-vectors/stream-export.jsonl: 3 events re-hashed, 5 other events by hash, 1 signed checkpoints verified", stdout);
    }

    [Fact]
    public async Task The_installed_tool_refuses_a_tampered_export_with_exit_1_and_the_verdict()
    {
        var (code, stdout, stderr) = await ledger.RunAsync("audit", "verify", "docs/audit-vectors/tampered/amount-changed.jsonl",
            "--public-key", PublicKey);

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Equal("", stdout);
        Assert.Contains("FAILED: docs/audit-vectors/tampered/amount-changed.jsonl: event_altered at seq 3", stderr);
    }

    [Fact]
    public async Task The_installed_tool_answers_help_and_bad_usage_as_documented()
    {
        var help = await ledger.RunAsync("--help");
        var usage = await ledger.RunAsync("audit", "frobnicate");

        Assert.Equal(0, help.Code);
        Assert.Contains("Usage:\n  ledger [command] [options]", help.Out.ReplaceLineEndings("\n"));
        foreach (var verb in LedgerCommandLine.Verbs.Where(v => v != "help" && !v.StartsWith('-')))
            Assert.Contains($"  {verb} ", help.Out);
        CommandLine.AssertUsageError(usage, "audit", "Unrecognized command or argument 'frobnicate'");
    }

}
