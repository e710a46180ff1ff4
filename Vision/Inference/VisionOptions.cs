using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;

namespace Ledger.Vision.Inference;

/// <summary>Settings of the vision plugin, bound once at start-up.</summary>
public sealed record VisionOptions
{
    /// <summary>Folder holding <c>manifest.json</c> and the ONNX graphs (built by <c>scripts/models.sh</c>).</summary>
    public string ModelPackDirectory { get; init; } = ".models/pack";

    /// <summary>Euclidean distance at or under which two descriptors are the same person (face-api.js default 0.6).</summary>
    public float MatchThreshold { get; init; } = 0.6f;

    /// <summary>
    /// The recognition network templates are made with: <c>face_recognition</c> (default), or another recognizer
    /// of the pack (<c>mobilefacenet</c>, <c>mobileface</c>, <c>faceres</c>), compared by its manifest's metric.
    /// </summary>
    public string Recognizer { get; init; } = Inference.ModelPack.FaceRecognition;

    /// <summary>
    /// Threshold for a recognizer other than face_recognition; null takes the operating point in its manifest
    /// (chosen from data for a false-accept target). <see cref="MatchThreshold"/> stays face_recognition's.
    /// </summary>
    public float? RecognizerThreshold { get; init; }

    /// <summary>
    /// In 1:N identification the best identity must be closer than the runner-up by at least this much, else "ambiguous".
    /// In face_recognition's Euclidean units, at its <see cref="MatchThreshold"/> (0.05 at 0.6: a twelfth of the threshold).
    /// </summary>
    public float IdentificationMargin { get; init; } = 0.05f;

    /// <summary>
    /// The 1:N margin of a recognizer other than face_recognition, in that recognizer's metric. Null keeps the same share of
    /// the threshold as <see cref="IdentificationMargin"/> has of <see cref="MatchThreshold"/> (0.05 / 0.6 of the recognizer's
    /// threshold): a margin of 0.05 Euclidean means nothing to a cosine distance whose threshold is 0.333.
    /// </summary>
    public float? RecognizerMargin { get; init; }

    /// <summary>The detector tried first; the other is not run unless <see cref="DetectorFallback"/> is on.</summary>
    public DetectorKind Detector { get; init; } = DetectorKind.Ssd;

    /// <summary>
    /// The detector for the frames of a live challenge (several per payment), when it should differ from
    /// <see cref="Detector"/>: detection is most of a frame's work (docs/VISION.md, "Session options and the frames of a
    /// challenge"). Null: <see cref="Detector"/>.
    /// </summary>
    public DetectorKind? ChallengeDetector { get; init; }

    /// <summary>
    /// Follow the face through a challenge's frames with the landmark network instead of detecting it in every frame: the
    /// detector then runs on the first frame and on the compared one (<see cref="Verification.FrameSequenceAnalyzer"/>,
    /// docs/VISION.md). False detects every frame.
    /// </summary>
    public bool ChallengeTracking { get; init; } = true;

    /// <summary>
    /// What runs on a challenge's compared frame when its face was followed there: the challenge's own detector (its
    /// <see cref="ChallengeDetector"/> or <see cref="Detector"/>) detects the frame again; another one only counts its faces,
    /// and the followed face is compared (<see cref="Verification.ComparedFrameCounter"/>, docs/VISION.md "One ssd run per
    /// challenged payment"). Null (the default): the challenge's own detector. Off by default: the tiny detector misses
    /// bystanders ssd sees (<c>ComparedFrameCounterTests</c>).
    /// </summary>
    public DetectorKind? ChallengeCounter { get; init; }

    /// <summary>
    /// The cheap detector that sketches a challenge's face before the challenge's own detector runs (the first frame, then
    /// the landmark network into the others: <see cref="Tracking.TrackSketcher"/>), so that the challenge's detector runs on
    /// the compared frame alone and every other frame is followed from that detection (docs/VISION.md, "One ssd run per
    /// challenged payment"). Null (the default), or the challenge's own detector: the first frame is detected and followed
    /// from. Off by default: on the simulated pictures on a card one more of 640 passed than without it (docs/PAD.md).
    /// </summary>
    public DetectorKind? ChallengeSketch { get; init; }

    /// <summary>
    /// Run ssd_mobilenetv1's landscape graph (the pack's <c>ssd_mobilenetv1_landscape</c>: the same weights on the top 384
    /// rows of its 512 square) on images that fill no more than those rows, such as a till's 640 x 480 frames, instead of
    /// the square with a quarter of letterbox. Off, or with a pack without it, every image is detected on the square.
    /// </summary>
    public bool SsdLandscape { get; init; } = true;

    /// <summary>
    /// When the first detector finds nothing, retry on the image padded with a border (tight terminal crops
    /// fill the frame, which detectors trained on scenes miss), then treat the whole frame as the face.
    /// </summary>
    public bool DetectorFallback { get; init; } = true;

    /// <summary>How face chips are cut before the embedding; <see cref="Alignment.AlignmentMode.BoundingBox"/> only to compare with face-api.js.</summary>
    public Alignment.AlignmentMode Alignment { get; init; } = Vision.Alignment.AlignmentMode.Similarity;

    /// <summary>Minimum detector confidence (face-api.js default 0.5 for both detectors).</summary>
    public float DetectionScoreThreshold { get; init; } = 0.5f;

    /// <summary>Square input side of tiny_face_detector: a multiple of 32 (face-api.js default 416).</summary>
    public int TinyInputSize { get; init; } = 416;

    /// <summary>Limits applied to encoded images before decoding.</summary>
    public ImageLimits ImageLimits { get; init; } = ImageLimits.Default;

    /// <summary>Upper bound of one network run; a run past it is terminated and reported as a timeout.</summary>
    public TimeSpan InferenceTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Network runs (and image decodes) allowed at once over all models; the others wait in the queue below. Defaults to
    /// one more than the cores: runs beside others take one core each, and the extra one keeps the cores busy while a run's
    /// caller is between networks (4 tills on 2 cores: median 190-247 ms against 292-365 with two; docs/VISION.md,
    /// "Threads by load").
    /// </summary>
    public int MaxConcurrentInferences { get; init; } = Environment.ProcessorCount + 1;

    /// <summary>
    /// The nice value of the threads the networks run on (<see cref="NetworkThreads"/>): how much lower their CPU priority is
    /// than the rest of the service's and the database's on the same cores, so a request's edge and a ledger commit do not
    /// wait behind a network run (4 tills on 2 cores, six pairs of runs: p99 303-404 ms against 378-508 at the same
    /// priority, lower in every pair; docs/VISION.md, "Networks at a lower priority"). 0 runs the networks on their
    /// callers' threads at the process's priority. Linux only; elsewhere the runs stay on their callers' threads.
    /// </summary>
    public int NetworkNice { get; init; } = 5;

    /// <summary>Runs allowed to wait for a slot before new ones are rejected at once.</summary>
    public int InferenceQueueLimit { get; init; } = 64;
}
