using Ledger.Api.Contract;
using Ledger.Api.Http;
using Ledger.Api.Terminals;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Capture;

namespace Ledger.Api.Capture;

public static class CaptureEndpoints
{
    public static void MapCaptureEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/device-keys/challenges", async (DeviceKeyChallengeRequest body, HttpContext http, CaptureUseCases useCases, CancellationToken ct) =>
        {
            if (Mismatch(http, body.TerminalId) is { } refused) return refused;
            var result = await useCases.IssueDeviceKeyChallengeAsync(body.TerminalId!.Value, CommandContexts.Get(http), ct);
            return http.Created(result, "/v1/device-keys", c => new ChallengeResponse(c.Nonce, c.ExpiresAt));
        }).Validate<DeviceKeyChallengeRequest>().RequireIdempotencyKey().RequireTerminalSignature().WithTags(ApiTags.DeviceKeysAndCapture)
          .Produces<ChallengeResponse>(StatusCodes.Status201Created).WithName("requestDeviceKeyChallenge").Refuses(403, "terminal_mismatch")
          .Example(new DeviceKeyChallengeRequest(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d")))
          .WithSummary("A nonce (60 s, single use) the terminal signs with the device key it registers");

        app.MapPost("/v1/device-keys", async (RegisterDeviceKeyRequest body, HttpContext http, CaptureUseCases useCases, DeviceAttestation attestation,
            CancellationToken ct) =>
        {
            if (Mismatch(http, body.TerminalId) is { } refused) return refused;
            var ctx = CommandContexts.Get(http);
            var algorithm = Enum.Parse<DeviceKeyAlgorithm>(body.Algorithm!);
            var publicKey = Convert.FromBase64String(body.PublicKey!);
            DeviceAttestation.CheckProof(algorithm, publicKey, body.TerminalId!.Value, body.Nonce!, Convert.FromBase64String(body.Proof!));
            var (assurance, root) = attestation.Assess(algorithm, publicKey, (body.Attestation ?? []).Select(Convert.FromBase64String).ToList(), ctx.Now);
            var result = await useCases.RegisterDeviceKeyAsync(
                new RegisterDeviceKey(body.TerminalId.Value, algorithm, publicKey, assurance, root, body.Nonce!, ctx.Now), ctx, ct);
            return http.Created(result, "/v1/device-keys", t => new DeviceKeyResponse(t.Id, t.DeviceKey!.Id, t.DeviceKey.Algorithm.ToString(),
                AssuranceNames.Of(t.DeviceKey.Assurance)));
        }).Validate<RegisterDeviceKeyRequest>().RequireIdempotencyKey().RequireTerminalSignature().WithTags(ApiTags.DeviceKeysAndCapture)
          .Produces<DeviceKeyResponse>(StatusCodes.Status201Created).WithName("registerDeviceKey").Refuses(403, "terminal_mismatch")
          .Refuses(422, CaptureRuleCodes.ChallengeUnknown, CaptureRuleCodes.ChallengeUsed, CaptureRuleCodes.ChallengeExpired,
              CaptureRuleCodes.DeviceKeyProofInvalid, CaptureRuleCodes.AttestationInvalid, CaptureRuleCodes.AssuranceTooLow)
          .Example(new RegisterDeviceKeyRequest(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), "ES256", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...",
              "3q2-7w", "MEUCIQD...", null))
          .WithSummary("Register the key the terminal's camera module signs capture statements with: proof of possession over a challenge, and a certificate chain to a pinned root for hardware-attested");

        app.MapPost("/v1/face-payments/challenges", async (CaptureChallengeRequest body, HttpContext http, CaptureUseCases useCases,
            LiveChallengePolicy policy, CancellationToken ct) =>
        {
            if (Mismatch(http, body.TerminalId) is { } refused) return refused;
            var amount = MoneyText.Parse(body.Amount!, body.Currency!);
            var movements = HeadMovements.Asked;
            var drawn = movements[System.Security.Cryptography.RandomNumberGenerator.GetInt32(movements.Count)];
            var result = await useCases.IssueCaptureChallengeAsync(body.TerminalId!.Value, amount, policy, drawn, CommandContexts.Get(http), ct);
            return http.Created(result, "/v1/face-payments", c => new CaptureChallengeResponse(c.Nonce, c.ExpiresAt,
                c.Movement is { } m ? CaptureStatementCodec.MovementName(m) : null, c.Frames ?? 1));
        }).Validate<CaptureChallengeRequest>().RequireIdempotencyKey().RequireTerminalSignature().WithTags(ApiTags.DeviceKeysAndCapture)
          .Produces<CaptureChallengeResponse>(StatusCodes.Status201Created).WithName("requestCaptureChallenge").Refuses(403, "terminal_mismatch")
          .Refuses(422, RuleCodes.UnknownCurrency, RuleCodes.TooManyDecimals, RuleCodes.AmountOutOfRange, RuleCodes.AmountNotPositive)
          .Example(new CaptureChallengeRequest(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), "12.90", "EUR"))
          .WithSummary("A nonce (60 s, single use) bound to this terminal, amount and currency, for the next face payment's capture statement");
    }

    private static IResult? Mismatch(HttpContext http, Guid? terminalId) =>
        TerminalAuthentication.TerminalOf(http) == terminalId ? null
            : Problems.Of(403, "terminal_mismatch", "Forbidden.", "A terminal can only act as itself: terminalId must be the signing terminal.");
}

/// <summary>What a capture challenge asks for: how many frames, and whether a head movement (the live challenge).</summary>
