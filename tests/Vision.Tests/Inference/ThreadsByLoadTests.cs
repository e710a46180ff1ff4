using System.Diagnostics.Metrics;
using Ledger.Vision.Diagnostics;
using Ledger.Vision.Inference;
using Ledger.Vision.Tests.Support;
using Xunit;

namespace Ledger.Vision.Tests.Inference;

[Collection(VisionPipelineCollection.Name)]
public sealed class ThreadsByLoadTests(VisionPipeline pipeline)
{
    private static readonly long[] LandmarkShape = [1, 112, 112, 3];

    [Fact]
    public void A_run_alone_takes_every_core_and_a_run_beside_another_takes_one_with_the_same_outputs()
    {
        var runs = new RunsInFlight();
        using var model = TwoSessions(runs);
        var chip = Gradient(112 * 112 * 3);
        using var cores = new CoresRecorder(model.Info.Id);

        var alone = model.Run(chip, LandmarkShape, ["landmarks"])[0];
        var beside = RunBesideOnceItsSessionExists(model, runs, chip, cores);
        var aloneAgain = model.Run(chip, LandmarkShape, ["landmarks"])[0];

        Assert.Equal("all", cores.Seen[0]);
        // The first run beside another found no one-thread session yet: it took the first while that one was created.
        Assert.Equal("all", cores.Seen[1]);
        Assert.Equal(["one", "all"], cores.Seen.TakeLast(2));
        Assert.Equal(0, runs.Count);
        Assert.Equal(alone.Length, beside.Length);
        Assert.All(alone.Zip(beside), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5f, $"{p.First} against {p.Second}"));
        Assert.Equal(alone, aloneAgain);
    }

    [Fact]
    public void Given_session_options_serve_every_run_whatever_the_load()
    {
        var runs = new RunsInFlight();
        using var model = new OnnxModel(Landmarks(),
            VisionModels.DefaultSessionOptions(), null, runs, InferencePipeline.Create(pipeline.Options));
        using var cores = new CoresRecorder(model.Info.Id);

        using (runs.Enter())
            model.Run(Gradient(112 * 112 * 3), LandmarkShape, ["landmarks"]);

        Assert.Equal(["all"], cores.Seen);
    }

    [Fact]
    public void A_run_that_fails_leaves_the_count_as_it_found_it()
    {
        var runs = new RunsInFlight();
        using var model = TwoSessions(runs);

        Assert.ThrowsAny<Exception>(() => model.Run(new float[7], [1, 7], ["landmarks"]));

        Assert.Equal(0, runs.Count);
    }

    /// <summary>Runs beside a held run until the one-thread session serves it (it is created in the background).</summary>
    private static float[] RunBesideOnceItsSessionExists(OnnxModel model, RunsInFlight runs, float[] chip, CoresRecorder cores)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            float[] output;
            using (runs.Enter())
                output = model.Run(chip, LandmarkShape, ["landmarks"])[0];
            if (cores.Seen[^1] == "one") return output;
            Assert.True(DateTime.UtcNow < deadline, "the one-thread session was never created");
            Thread.Sleep(20);
        }
    }

    private OnnxModel TwoSessions(RunsInFlight runs) => new(Landmarks(), VisionModels.DefaultSessionOptions(),
        VisionModels.BesideOthersSessionOptions(), runs, InferencePipeline.Create(pipeline.Options));

    // A name of its own, so that the runs of other test classes' landmark networks (in parallel) are not counted here.
    private ModelInfo Landmarks() =>
        pipeline.Models.Pack.Get(ModelPack.FaceLandmark68) with { Id = $"face_landmark_68/{Guid.NewGuid():N}" };

    private static float[] Gradient(int length) => Enumerable.Range(0, length).Select(i => (i % 251) / 250f).ToArray();

    /// <summary>The <c>cores</c> tag of each network run of one model, in order.</summary>
    private sealed class CoresRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<string> _seen = [];

        public CoresRecorder(string model)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == VisionMetrics.MeterName && instrument.Name == "ledger.vision.network.duration")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                string? id = null, cores = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "model") id = tag.Value as string;
                    if (tag.Key == "cores") cores = tag.Value as string;
                }
                if (id == model)
                    lock (_seen) _seen.Add(cores ?? "untagged");
            });
            _listener.Start();
        }

        public IReadOnlyList<string> Seen
        {
            get { lock (_seen) return [.. _seen]; }
        }

        public void Dispose() => _listener.Dispose();
    }
}
