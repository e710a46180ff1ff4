using Ledger.Vision.Imaging;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>The bona fide faces of ../shared/faces for presentation-attack measurements.</summary>
internal static class BonaFideFaces
{
    /// <summary>Each face the detector finds in the shared images (40 grey crops, the colour group photos), cut as human cuts it.</summary>
    public static IEnumerable<(string Name, bool Colour, float[] Crop)> Crops(VisionPipeline pipeline)
    {
        var decoder = new ImageDecoder();
        foreach (var (person, path) in FacePaths.Crops())
        {
            var analysis = pipeline.Analyze(path);
            using var image = decoder.Decode(File.ReadAllBytes(path));
            yield return ($"{person}/{Path.GetFileNameWithoutExtension(path)}", false, HumanFaceCrop.Cut(image, analysis.Detections[analysis.ChosenIndex]));
        }
        foreach (var group in new[] { "bbt1", "bbt2", "bbt3", "bbt4", "bbt5" })
        {
            var analysis = pipeline.Analyze(FacePaths.Group(group), allFaces: true);
            using var image = decoder.Decode(File.ReadAllBytes(FacePaths.Group(group)));
            for (var i = 0; i < analysis.Detections.Count; i++)
                yield return ($"{group}#{i}", true, HumanFaceCrop.Cut(image, analysis.Detections[i]));
        }
    }
}
