using Ledger.Api.Tests.Support;
using Ledger.Vision.Detection;
using Ledger.Vision.Inference;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// A till's 640x480 frames go through ssd's landscape graph unless <c>Vision:SsdLandscape=false</c> sends them through the
/// square (docs/VISION.md "ssd without the letterbox"); the service's detector and its models say which.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SsdLandscapeSettingTests(ApiFixture api)
{
    [Fact]
    public void By_default_a_tills_frame_takes_the_landscape_graph()
    {
        Assert.Equal(ModelPack.SsdMobilenetV1Landscape, api.Services.GetRequiredService<IFaceDetector>().ModelFor(640, 480, 0).Id);
        Assert.NotNull(api.Services.GetRequiredService<VisionModels>().SsdMobilenetV1Landscape);
    }

    [Fact]
    public async Task Turned_off_every_image_takes_the_square_and_the_landscape_graph_is_not_loaded()
    {
        await using var factory = TestService.Create(api.ConnectionString, web => web.UseSetting("Vision:SsdLandscape", "false"));

        Assert.Equal(ModelPack.SsdMobilenetV1, factory.Services.GetRequiredService<IFaceDetector>().ModelFor(640, 480, 0).Id);
        Assert.Null(factory.Services.GetRequiredService<VisionModels>().SsdMobilenetV1Landscape);
    }
}
