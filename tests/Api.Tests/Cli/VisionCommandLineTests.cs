using System.Text.Json;
using Ledger.Api.Tests.FacePay;

namespace Ledger.Api.Tests.Cli;

/// <summary>`ledger vision` end to end on the real networks and the shared faces.</summary>
public sealed class VisionCommandLineTests
{
    private static readonly string Pack = Faces.ModelPack;

    [Fact]
    public async Task Detect_lists_every_face_with_box_and_quality()
    {
        var json = await RunJson(["detect", Faces.GroupPath("bbt3"), "--pack", Pack]);

        Assert.Equal(5, json.GetProperty("facesSeen").GetInt32());
        var faces = json.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(5, faces.Count);
        Assert.Single(faces, f => f.GetProperty("chosen").GetBoolean());
        Assert.All(faces, f => Assert.True(f.GetProperty("quality").GetProperty("interocularPx").GetDouble() > 0));
        // bbt3 is 594x383: it fills less than the top 384 of ssd's 512 rows, so the landscape graph ran (docs/VISION.md).
        Assert.Equal("ssd_mobilenetv1_landscape", json.GetProperty("detector").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Compare_of_two_captures_of_one_person_is_a_match_with_the_model_named()
    {
        var json = await RunJson(["compare", Crop("leonard", 1), Crop("leonard", 2), "--pack", Pack]);

        Assert.Equal("match", json.GetProperty("decision").GetString());
        Assert.InRange(json.GetProperty("distance").GetDouble(), 0, 0.6);
        Assert.Equal(64, json.GetProperty("model").GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Compare_with_a_stricter_threshold_can_refuse_the_same_pair()
    {
        var json = await RunJson(["compare", Crop("leonard", 1), Crop("leonard", 2), "--pack", Pack, "--threshold", "0.1"]);

        Assert.Equal("noMatch", json.GetProperty("decision").GetString());
    }

    [Fact]
    public async Task Identify_names_the_person_and_skips_group_photos_in_the_gallery()
    {
        var json = await RunJson(["identify", Faces.GroupPath("bbt2"), "--gallery", Faces.Dir, "--pack", Pack]);

        Assert.Equal("match", json.GetProperty("decision").GetString());
        Assert.Equal("sheldon", json.GetProperty("candidateId").GetString());
        Assert.Equal(40, json.GetProperty("gallery").GetProperty("templates").GetInt32());
        Assert.Equal(5, json.GetProperty("gallery").GetProperty("skipped").GetArrayLength());
    }

    [Fact]
    public async Task A_file_that_is_not_an_image_exits_1_with_the_reason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"not-an-image-{Guid.NewGuid():N}.png");
        await File.WriteAllTextAsync(path, "this is text, not a picture");
        try
        {
            var (code, stdout, stderr) = await CommandLine.RunAsync(null, "vision", "detect", path, "--pack", Pack);

            Assert.Equal(1, code);
            Assert.Equal("", stdout);
            Assert.StartsWith("ledger vision detect: ", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Crop(string person, int n) => Path.Combine(Faces.Dir, person, $"{n}.png");

    private static async Task<JsonElement> RunJson(string[] args)
    {
        var (code, stdout, stderr) = await CommandLine.RunAsync(null, ["vision", .. args]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement;
    }
}
