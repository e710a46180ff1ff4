using Ledger.Vision.Cli;
using Xunit;

namespace Ledger.Vision.Tests.Cli;

public sealed class VisionCommandLineUsageTests
{
    [Theory]
    [InlineData(new string[0], "usage")]
    [InlineData(new[] { "frobnicate", "x.png" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "detect" }, "'detect' takes 1 image path, got 0")]
    [InlineData(new[] { "compare", "a.png" }, "'compare' takes 2 image paths, got 1")]
    [InlineData(new[] { "identify", "a.png" }, "needs --gallery DIR")]
    [InlineData(new[] { "detect", "a.png", "--colour", "red" }, "unknown option '--colour'")]
    [InlineData(new[] { "detect", "a.png", "--detector" }, "option '--detector' needs a value")]
    [InlineData(new[] { "detect", "a.png", "--detector", "yolo" }, "--detector must be 'ssd' or 'tiny'")]
    [InlineData(new[] { "compare", "a.png", "b.png", "--threshold", "abc" }, "needs a non-negative number")]
    public async Task Bad_usage_exits_2_with_a_message_and_the_usage(string[] args, string message)
    {
        var (code, stdout, stderr) = await Run(args);

        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Contains(message, stderr);
        Assert.Contains("usage: ledger vision", stderr);
    }

    [Fact]
    public async Task A_missing_model_pack_exits_1_and_says_how_to_build_it()
    {
        var image = Path.Combine(Support.FacePaths.Faces, "amy", "1.png");

        var (code, _, stderr) = await Run(["detect", image, "--pack", Path.Combine(Path.GetTempPath(), "no-such-pack")]);

        Assert.Equal(1, code);
        Assert.Contains("scripts/models.sh", stderr);
    }

    [Fact]
    public async Task Help_prints_the_usage_and_succeeds()
    {
        var (code, stdout, _) = await Run(["--help"]);

        Assert.Equal(0, code);
        Assert.Contains("identify IMAGE --gallery DIR", stdout);
    }

    internal static async Task<(int Code, string Stdout, string Stderr)> Run(string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = await VisionCommandLine.RunAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
