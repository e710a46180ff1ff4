using Ledger.Vision;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Bench.FacePay;

/// <summary>
/// The vision pipeline alone, in this process, composed as the API composes it (<c>AddVision</c> with the same model
/// pack and defaults): analyse the capture, then identify it among the candidates the phone hint leaves, which for
/// these customers is exactly one enrolled template. The API has no verify-only endpoint, so this side has no HTTP.
/// </summary>
internal sealed class VerifyOnly : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly FaceVerifier _verifier;
    private readonly Dictionary<string, Candidate[]> _candidates = new();

    private VerifyOnly(ServiceProvider services)
    {
        _services = services;
        _verifier = services.GetRequiredService<FaceVerifier>();
    }

    /// <summary>The pipeline this side runs (also what the bench measures poses with).</summary>
    public FaceVerifier Verifier => _verifier;

    /// <summary>Loads the models (the first analysis) and enrols every person from crop 1, as the API did.</summary>
    public static async Task<VerifyOnly> StartAsync(string modelPack, FaceSet faces)
    {
        var side = new VerifyOnly(new ServiceCollection().AddVision(o => o with { ModelPackDirectory = modelPack }).BuildServiceProvider());
        foreach (var person in faces.People)
        {
            var enrolled = (await side._verifier.AnalyzeAsync(faces.Enrolment(person))).Chosen
                ?? throw new InvalidOperationException($"no face in {person}/1");
            side._candidates[person] = [new Candidate(person, enrolled.Template)];
        }
        return side;
    }

    /// <summary>One verification: "match" or the decision that was reached instead.</summary>
    public async Task<string> VerifyAsync(string person, byte[] capture)
    {
        var analysis = await _verifier.AnalyzeAsync(capture);
        var result = _verifier.Identify(analysis, _candidates[person]);
        return result.Decision == VerificationDecision.Match && result.CandidateId == person ? "match" : result.Decision.ToString().ToLowerInvariant();
    }

    public void Dispose() => _services.Dispose();
}
