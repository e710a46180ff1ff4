using Ledger.Vision.Detection;
using Xunit;

namespace Ledger.Vision.Tests.Detection;

public sealed class FaceChooserTests
{
    [Fact]
    public void The_largest_face_is_chosen_over_a_central_small_one()
    {
        FaceBox[] faces = [new(450, 250, 60, 60, 0.99f), new(0, 0, 200, 200, 0.7f)];

        Assert.Equal(1, FaceChooser.Choose(faces, 1000, 600));
    }

    [Fact]
    public void Among_faces_of_similar_size_the_most_central_is_chosen()
    {
        FaceBox[] faces = [new(0, 0, 100, 100, 0.9f), new(460, 260, 95, 95, 0.8f), new(880, 480, 100, 100, 0.9f)];

        Assert.Equal(1, FaceChooser.Choose(faces, 1000, 600));
    }

    [Fact]
    public void No_face_gives_minus_one() => Assert.Equal(-1, FaceChooser.Choose([], 100, 100));
}
