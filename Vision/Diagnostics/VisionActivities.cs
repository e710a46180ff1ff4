using System.Diagnostics;

namespace Ledger.Vision.Diagnostics;

/// <summary>
/// The vision work as activities (OpenTelemetry spans), one per stage of one image: what a trace shows of a payment, and
/// what the service's Server-Timing answer adds up. Nothing listens unless a host does, and then a stage costs one
/// activity; without a listener <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null.
/// </summary>
public static class VisionActivities
{
    public const string SourceName = "Ledger.Vision";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Decode = "decode";
    public const string Detect = "detect";
    public const string Landmarks = "landmarks";
    public const string Align = "align";
    public const string Embed = "embed";
    /// <summary>The passive presentation-attack networks.</summary>
    public const string Pad = "pad";
    public const string Match = "match";

    /// <summary>A stage's span, or null when nothing listens.</summary>
    public static Activity? Stage(string name) => Source.StartActivity(name);
}
