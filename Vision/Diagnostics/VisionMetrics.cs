using System.Diagnostics.Metrics;

namespace Ledger.Vision.Diagnostics;

/// <summary>
/// The vision work as metrics (OpenTelemetry, meter <c>Ledger.Vision</c>): the time of each stage of each analysed image,
/// so that operators see where face verification spends its time (docs/OPERATIONS.md). Free when nothing collects it.
/// </summary>
public static class VisionMetrics
{
    public const string MeterName = "Ledger.Vision";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Milliseconds of one stage of one image (<see cref="VisionActivities"/> names the stages), including any wait for the networks' limiter.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "ledger.vision.stage.duration", unit: "ms", description: "Time of one vision stage of one image, waiting for the networks included");

    /// <summary>
    /// Milliseconds of one network run alone (tensor in, outputs copied out; no wait for the limiter), tagged with the model
    /// id: set against <see cref="StageDuration"/> it shows how much of a stage is the network and how much our own code.
    /// </summary>
    public static readonly Histogram<double> NetworkDuration = Meter.CreateHistogram<double>(
        "ledger.vision.network.duration", unit: "ms", description: "Time of one network run, without the wait for the limiter");
}
