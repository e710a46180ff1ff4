using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Verification;

/// <summary>
/// Per-stage medians on groups/bbt1.jpg, printed for the record (bench/vision compares them with face-api.js);
/// what is asserted is that repeated runs see the same faces and give identical descriptors.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class PipelineTimingsReport(VisionPipeline pipeline, ITestOutputHelper output)
{
    [Fact]
    public void Repeated_runs_on_bbt1_agree_and_their_stage_medians_are_printed()
    {
        var bytes = File.ReadAllBytes(FacePaths.Group("bbt1"));
        pipeline.Verifier.Analyze(bytes, allFaces: true); // warm-up: first runs allocate ONNX Runtime's buffers
        var runs = Enumerable.Range(0, 5).Select(_ => pipeline.Verifier.Analyze(bytes, allFaces: true)).ToList();

        foreach (var run in runs)
        {
            Assert.Equal(4, run.FacesSeen);
            Assert.Equal(runs[0].Faces.Select(f => f.Template.Descriptor), run.Faces.Select(f => f.Template.Descriptor));
        }
        static double Median(IEnumerable<double> v) => v.Order().ElementAt(2);
        output.WriteLine($"bbt1.jpg, 4 faces, median of 5 (ms): decode {Median(runs.Select(r => r.Timings.DecodeMs)):F1}, " +
            $"detect {Median(runs.Select(r => r.Timings.DetectMs)):F1}, landmarks {Median(runs.Select(r => r.Timings.LandmarksMs)):F1}, " +
            $"align {Median(runs.Select(r => r.Timings.AlignMs)):F1}, embed {Median(runs.Select(r => r.Timings.EmbedMs)):F1}, " +
            $"total {Median(runs.Select(r => r.Timings.TotalMs)):F1}");
    }
}
