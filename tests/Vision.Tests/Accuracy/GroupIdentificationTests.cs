using Ledger.Vision.Matching;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Accuracy;

/// <summary>1:N identification of the group photos' main faces against a gallery of the 40 crops.</summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class GroupIdentificationTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private static List<Candidate>? _gallery;

    private List<Candidate> Gallery => _gallery ??= FacePaths.Crops()
        .Select(c => new Candidate(c.Person, pipeline.Analyze(c.Path).Chosen!.Template))
        .ToList();

    [Fact]
    public void All_16_main_faces_of_bbt3_bbt4_bbt5_are_identified() =>
        Assert.Equal(16, CountIdentified("bbt3", "bbt4", "bbt5"));

    [Fact]
    public void All_4_costumed_faces_of_bbt1_are_identified() =>
        Assert.Equal(4, CountIdentified("bbt1"));

    private int CountIdentified(params string[] photos)
    {
        var right = 0;
        foreach (var photo in photos)
        {
            var analysis = pipeline.Analyze(FacePaths.Group(photo), allFaces: true);
            foreach (var (person, point) in GroupPhotoFaces.Main[photo])
            {
                var face = analysis.Faces.Single(f => point.X >= f.Box.X && point.X <= f.Box.Right && point.Y >= f.Box.Y && point.Y <= f.Box.Bottom);
                var match = pipeline.Verifier.Matcher.Identify(face.Template, Gallery);
                output.WriteLine($"{photo} {person,-10} -> {match.Decision} {match.CandidateId} d={match.Distance:F3} (runner-up {match.RunnerUpId} {match.RunnerUpDistance:F3})");
                if (match.Decision == MatchDecision.Match && match.CandidateId == person)
                    right++;
            }
        }
        return right;
    }
}
