using System.Numerics;

namespace Ledger.Vision.Alignment;

/// <summary>
/// Canonical frontal positions of landmarks 17-67 (brows, nose, eyes, mouth), in a unit square that just
/// holds them. Derived by us, not copied: generalised Procrustes mean of the face_landmark_68 points of all
/// 23 faces that ssd_mobilenetv1 finds in the five group photos of the test set (not the 40 crops the
/// accuracy figures are measured on), eyes levelled, averaged with its mirror image so the template is
/// symmetric, then scaled to the unit square.
/// </summary>
public static class MeanFaceShape
{
    /// <summary>Points for landmarks 17..67 in order.</summary>
    public static ReadOnlySpan<Vector2> InnerPoints => Points;

    private static readonly Vector2[] Points =
    [
        new(0.0000f, 0.1016f), // 17
        new(0.0776f, 0.0614f), // 18
        new(0.1748f, 0.0531f), // 19
        new(0.2659f, 0.0672f), // 20
        new(0.3462f, 0.0961f), // 21
        new(0.6538f, 0.0961f), // 22
        new(0.7341f, 0.0672f), // 23
        new(0.8252f, 0.0531f), // 24
        new(0.9224f, 0.0614f), // 25
        new(1.0000f, 0.1016f), // 26
        new(0.5000f, 0.2752f), // 27
        new(0.5000f, 0.3943f), // 28
        new(0.5000f, 0.5046f), // 29
        new(0.5000f, 0.6025f), // 30
        new(0.3953f, 0.6453f), // 31
        new(0.4410f, 0.6633f), // 32
        new(0.5000f, 0.6808f), // 33
        new(0.5590f, 0.6633f), // 34
        new(0.6047f, 0.6453f), // 35
        new(0.1270f, 0.2351f), // 36
        new(0.1823f, 0.2141f), // 37
        new(0.2639f, 0.2123f), // 38
        new(0.3357f, 0.2532f), // 39
        new(0.2714f, 0.2757f), // 40
        new(0.1860f, 0.2748f), // 41
        new(0.6643f, 0.2532f), // 42
        new(0.7361f, 0.2123f), // 43
        new(0.8177f, 0.2141f), // 44
        new(0.8730f, 0.2351f), // 45
        new(0.8140f, 0.2748f), // 46
        new(0.7286f, 0.2757f), // 47
        new(0.2624f, 0.8170f), // 48
        new(0.3459f, 0.7969f), // 49
        new(0.4489f, 0.7768f), // 50
        new(0.5000f, 0.7867f), // 51
        new(0.5511f, 0.7768f), // 52
        new(0.6541f, 0.7969f), // 53
        new(0.7376f, 0.8170f), // 54
        new(0.6519f, 0.8981f), // 55
        new(0.5750f, 0.9358f), // 56
        new(0.5000f, 0.9469f), // 57
        new(0.4250f, 0.9358f), // 58
        new(0.3481f, 0.8981f), // 59
        new(0.2795f, 0.8201f), // 60
        new(0.4268f, 0.8244f), // 61
        new(0.5000f, 0.8275f), // 62
        new(0.5732f, 0.8244f), // 63
        new(0.7205f, 0.8201f), // 64
        new(0.5695f, 0.8637f), // 65
        new(0.5000f, 0.8725f), // 66
        new(0.4305f, 0.8637f), // 67
    ];
}
