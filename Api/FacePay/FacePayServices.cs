using Ledger.Domain.Application;
using Ledger.Infrastructure.Biometrics;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Ledger.Vision;
using Ledger.Vision.Inference;

namespace Ledger.Api.FacePay;

public static class FacePayServices
{
    /// <summary>
    /// The vision plugin (model pack from <c>Vision:ModelPack</c> or LEDGER_MODELS, loaded on first use), the
    /// biometric vault (templates sealed under per-template keys wrapped by Ledger:MasterKey and kept in the key store,
    /// Biometrics:KeyStore), the policy from
    /// configuration, the edge checks, the two flows and the signer of bus replies.
    /// </summary>
    public static WebApplicationBuilder AddFacePay(this WebApplicationBuilder builder)
    {
        var pack = builder.Configuration["Vision:ModelPack"];
        var recognizer = builder.Configuration["Vision:Recognizer"];
        var challengeDetector = builder.Configuration.GetValue<Vision.Detection.DetectorKind?>("Vision:ChallengeDetector");
        var challengeTracking = builder.Configuration.GetValue<bool?>("Vision:ChallengeTracking");
        var challengeCounter = builder.Configuration.GetValue<Vision.Detection.DetectorKind?>("Vision:ChallengeCounter");
        var challengeSketch = builder.Configuration.GetValue<Vision.Detection.DetectorKind?>("Vision:ChallengeSketch");
        var networkNice = builder.Configuration.GetValue<int?>("Vision:NetworkNice");
        var ssdLandscape = builder.Configuration.GetValue<bool?>("Vision:SsdLandscape");
        if (networkNice is < 0 or > 19)
            throw new InvalidOperationException($"Vision:NetworkNice is {networkNice}: a nice value from 0 (the service's own priority) to 19 (the lowest).");
        builder.Services.AddVision(o => o with
        {
            ModelPackDirectory = string.IsNullOrWhiteSpace(pack) ? ModelPackLocator.Find() : pack,
            Recognizer = string.IsNullOrWhiteSpace(recognizer) ? o.Recognizer : recognizer,
            ChallengeDetector = challengeDetector ?? o.ChallengeDetector,
            ChallengeTracking = challengeTracking ?? o.ChallengeTracking,
            ChallengeCounter = challengeCounter ?? o.ChallengeCounter,
            ChallengeSketch = challengeSketch ?? o.ChallengeSketch,
            NetworkNice = networkNice ?? o.NetworkNice,
            SsdLandscape = ssdLandscape ?? o.SsdLandscape,
        });
        builder.Services.AddSingleton(TemplateRenewalOptions.Read(builder.Configuration));
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        builder.Services.AddSingleton(_ => BiometricKeyStoreSetup.Open(configuration, environment));
        builder.Services.AddSingleton(sp => new BiometricVault(sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            sp.GetRequiredService<SecretSealer>(), sp.GetRequiredService<IBiometricKeyStore>(), MartenSetup.DefaultSchema));
        builder.Services.AddHostedService<LegacyDataKeyMove>();
        var policy = FacePayOptions.Policy(builder.Configuration);
        var quality = FacePayOptions.Enrolment(builder.Configuration);
        builder.Services.AddSingleton(sp => new FacePayUseCases(sp.GetRequiredService<CommandExecutor>(), policy, quality,
            sp.GetRequiredService<Domain.Terminals.TerminalAttemptPolicy>()));
        builder.Services.AddSingleton(FacePayOptions.Edge(builder.Configuration));
        builder.Services.AddSingleton<FacePaymentReplies>();
        builder.Services.AddSingleton<IFaceVault>(sp => sp.GetRequiredService<BiometricVault>());
        builder.Services.AddSingleton<IFaceComparison, VisionFaceComparison>();
        builder.Services.AddSingleton<IFacePayReads, Infrastructure.Reads.FacePayReads>();
        builder.Services.AddSingleton(FacePayOptions.Intake(builder.Configuration));
        builder.Services.AddSingleton(sp => new FacePaymentHandler(sp.GetRequiredService<IFaceComparison>(), sp.GetRequiredService<IFaceVault>(),
            sp.GetRequiredService<IFacePayReads>(), new Diagnostics.TimedFacePaymentLedger(sp.GetRequiredService<FacePayUseCases>()),
            sp.GetRequiredService<ICaptureStatementVerifier>(),
            sp.GetRequiredService<CaptureIntake>()));
        builder.Services.AddSingleton<TerminalFacePayments>();
        builder.Services.AddSingleton<FaceEnrolmentFlow>();
        builder.Services.AddSingleton<TemplateUpgrade>();
        builder.Services.AddHealthChecks().AddCheck<ModelPackHealthCheck>("models", tags: ["ready"]);
        return builder;
    }
}
