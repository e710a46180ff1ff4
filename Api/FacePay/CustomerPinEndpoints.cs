using Ledger.Api.Contract;
using FluentValidation;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.PaymentCodes;
using Ledger.Infrastructure.Biometrics;

namespace Ledger.Api.FacePay;

/// <summary>
/// The customer's device sets its face-pay PIN: <c>credential</c> (the 12 digits of its payment credential), the
/// <c>pin</c>, <c>timestamp</c> (unix seconds) and <c>proof</c> (<see cref="DevicePinProof"/>).
/// </summary>
public sealed record SetCustomerPinRequest(string? Credential, string? Pin, long? Timestamp, string? Proof);

public sealed class SetCustomerPinRequestValidator : AbstractValidator<SetCustomerPinRequest>
{
    public SetCustomerPinRequestValidator()
    {
        RuleFor(x => x.Credential).Must(c => c is { Length: PaymentCredentialId.Length } && c.All(char.IsAsciiDigit))
            .WithMessage("The payment credential's 12 digits.");
        RuleFor(x => x.Pin).Must(PinHasher.IsWellFormed!).WithMessage("A PIN is 4 to 8 digits.");
        RuleFor(x => x.Timestamp).NotNull().GreaterThan(0);
        RuleFor(x => x.Proof).Must(p => p is { Length: 64 } && p.All(char.IsAsciiHexDigit)).WithMessage("The proof is 64 hex digits (HMAC-SHA256).");
    }
}

/// <summary>The device's PIN is set; the answer never repeats it.</summary>
public sealed record PinSetResponse(bool WalletPinSet);

public static class CustomerPinEndpoints
{
    private const string Refused = "device_proof_invalid";

    /// <summary>
    /// No operator ever sets a PIN: the customer's device does, proving itself with its payment credential's key. No
    /// bearer token (the device has none); unknown, revoked or locked credentials, a stale timestamp and a wrong proof
    /// are one answer (401) and write nothing.
    /// </summary>
    public static void MapCustomerPinEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPut("/v1/face-pin", async (SetCustomerPinRequest body, HttpContext http, Marten.IQuerySession reads, IPaymentCredentialKeys keys,
            FacePayUseCases useCases, BiometricVault vault, TimeProvider time, CancellationToken ct) =>
        {
            var idempotencyKey = http.Request.Headers["Idempotency-Key"].ToString();
            if (!CommandContexts.IsUsableKey(idempotencyKey))
                return Problems.Validation(new Dictionary<string, string[]> { ["Idempotency-Key"] = ["Every state-changing request needs an Idempotency-Key header."] });
            var now = time.GetUtcNow();
            var streamId = new PaymentCredentialId(long.Parse(body.Credential!, System.Globalization.CultureInfo.InvariantCulture)).StreamId;
            var credential = await reads.LoadAsync<PaymentCredential>(streamId, ct);
            if (credential is null || credential.Status != PaymentCredentialStatus.Active || credential.IsLockedAt(now)
                || await keys.KeyAsync(streamId, ct) is not { Key: var key })
                return Unauthorized();
            try
            {
                if (!DevicePinProof.Holds(key, body.Credential!, body.Timestamp!.Value, body.Pin!, body.Proof!.ToLowerInvariant(), now))
                    return Unauthorized();
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
            }
            var actor = new Actor("customer", $"payment-credential:{body.Credential}");
            var ctx = new CommandContext(actor, $"{actor}/{idempotencyKey}", Guid.NewGuid().ToString("N"), null, http.TraceIdentifier, now);
            var result = await useCases.SetPinAsync(new SetFacePayPin(credential.WalletId, now), vault.SetPin(credential.WalletId, body.Pin!, now), ctx, ct);
            return http.Ok(result, _ => new PinSetResponse(WalletPinSet: true));
        }).AllowPublic().Validate<SetCustomerPinRequest>().WithTags(ApiTags.FacePay).WithName("setFacePayPin")
          .WithMetadata(new IdempotentCommand()).Produces<PinSetResponse>().Refuses(401, Refused)
          .Refuses(422, Ledger.Domain.RuleCodes.WalletClosed, Ledger.Domain.RuleCodes.ConsentMissing)
          .Example(new SetCustomerPinRequest("000000000421", "4821", 1767225600, "9c4e2f0b7a1d3c5e6f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6"))
          .WithSummary("The customer's device sets the face-pay PIN, proving itself with its payment credential's key (no operator sees a PIN)");

    private static IResult Unauthorized() =>
        Problems.Of(StatusCodes.Status401Unauthorized, Refused, "The device could not be verified.",
            "Unknown, revoked or locked credential, a timestamp more than 5 minutes off, or a wrong proof.");
}
