using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Vision.Matching;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// Templates of different models are never compared, even if one reached the comparison labelled as the model in
/// service's or beside it (an insider relabelling a row, a bug upstream): the vision plugin tags each candidate with the
/// model that made it and the matcher refuses a mix before any distance is computed. Real networks.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrossModelAttackTests(ApiFixture api)
{
    [Fact]
    public async Task Attack_a_template_of_another_model_among_the_candidates_is_refused_not_compared()
    {
        var faces = api.Services.GetRequiredService<IFaceComparison>();
        var current = faces.Model;
        var own = new FaceCandidate("ada", new float[current.TemplateLength], current.Key);
        var foreign = new FaceCandidate("bob", new float[1024], "faceres@3.0.4+onnx.1");

        await Assert.ThrowsAsync<ModelMismatchException>(() =>
            faces.MeasureAsync(new CapturedFace(Faces.Crop("amy", 2)), [own, foreign], CancellationToken.None));
    }

    [Fact]
    public async Task Attack_a_template_of_another_model_alone_is_refused_too()
    {
        var faces = api.Services.GetRequiredService<IFaceComparison>();
        var foreign = new FaceCandidate("bob", new float[faces.Model.TemplateLength], "face_recognition@0.0.1");

        await Assert.ThrowsAsync<ModelMismatchException>(() =>
            faces.MeasureAsync(new CapturedFace(Faces.Crop("amy", 2)), [foreign], CancellationToken.None));
    }
}
