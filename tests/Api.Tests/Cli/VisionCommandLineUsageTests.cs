using Ledger.Api.Tests.FacePay;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger vision` and `ledger models` usage: refused before any model is loaded or file written.</summary>
public sealed class VisionCommandLineUsageTests
{
    [Theory]
    [InlineData(new string[0], "Required command was not provided")]
    [InlineData(new[] { "frobnicate", "x.png" }, "'frobnicate'")]
    [InlineData(new[] { "detect" }, "Required argument missing for command: 'detect'")]
    [InlineData(new[] { "compare", "a.png" }, "Required argument missing for command: 'compare'")]
    [InlineData(new[] { "identify", "a.png" }, "Option '--gallery' is required")]
    [InlineData(new[] { "detect", "a.png", "--colour", "red" }, "'--colour'")]
    [InlineData(new[] { "detect", "a.png", "--detector" }, "Required argument missing for option: '--detector'")]
    [InlineData(new[] { "detect", "a.png", "--detector", "yolo" }, "--detector must be 'ssd' or 'tiny', got 'yolo'")]
    [InlineData(new[] { "compare", "a.png", "b.png", "--threshold", "abc" }, "--threshold needs a positive number, got 'abc'")]
    [InlineData(new[] { "compare", "a.png", "b.png", "--threshold", "0" }, "--threshold needs a positive number, got '0'")]
    [InlineData(new[] { "identify", "a.png", "--gallery", "g", "--margin", "-0.1" }, "--margin needs a non-negative number")]
    public async Task Bad_usage_exits_2_with_a_message_and_the_help(string[] args, string message)
    {
        var result = await CommandLine.RunAsync(null, ["vision", .. args]);

        CommandLine.AssertUsageError(result, "vision", message);
    }

    [Theory]
    [InlineData(new[] { "import", "--from" }, "Required argument missing for option: '--from'")]
    [InlineData(new[] { "import", "--from", "x" }, "Option '--out' is required")]
    [InlineData(new[] { "verify" }, "Option '--pack' is required")]
    public async Task Bad_models_usage_exits_2(string[] args, string message) =>
        CommandLine.AssertUsageError(await CommandLine.RunAsync(null, ["models", .. args]), "models", message);

    [Fact]
    public async Task A_missing_model_pack_exits_1_and_says_how_to_build_it()
    {
        var (code, _, stderr) = await CommandLine.RunAsync(null, "vision", "detect", Faces.CropPath("amy", 1), "--pack",
            Path.Combine(Path.GetTempPath(), "no-such-pack"));

        Assert.Equal(1, code);
        Assert.StartsWith("ledger vision detect: ", stderr);
        Assert.Contains("scripts/models.sh", stderr);
    }

    [Fact]
    public async Task A_missing_weights_folder_exits_1_and_says_how_to_fetch_it()
    {
        var scratch = Path.Combine(Path.GetTempPath(), $"pack-{Guid.NewGuid():N}");
        var (code, stdout, stderr) = await CommandLine.RunAsync(null, "models", "import", "--from", Path.Combine(scratch, "nothing"), "--out", scratch);

        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.Contains("scripts/models.sh", stderr);
    }

    [Fact]
    public async Task Help_prints_the_commands_and_succeeds()
    {
        var (code, stdout, _) = await CommandLine.RunAsync(null, "vision", "--help");

        Assert.Equal(0, code);
        Assert.Contains("identify <IMAGE>", stdout);
        var root = await CommandLine.RunAsync(null, "help");
        Assert.Equal(0, root.Code);
        foreach (var verb in new[] { "audit", "replay", "projections", "credentials", "vision", "models" })
            Assert.Contains($"  {verb} ", root.Out);
    }
}
