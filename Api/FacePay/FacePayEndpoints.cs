using Ledger.Domain.Capture;
using FluentValidation;
using Ledger.Api.Access;
using Ledger.Api.Approvals;
using Ledger.Api.Contract;
using Ledger.Api.Http;
using Ledger.Api.Payments;
using Ledger.Api.Terminals;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Biometrics;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>What retiring an older recognition model did: the model in service and how many templates stopped being compared.</summary>
public sealed record OutdatedTemplatesResponse(string CurrentModelId, int Outdated);

public static class FacePayEndpoints
{
    public static void MapFacePayEndpoints(this IEndpointRouteBuilder app)
    {
        var wallets = app.MapGroup("/v1/wallets/{walletId:guid}/face").WithTags(ApiTags.FacePay).RequireRole(Role.Operator);

        wallets.MapPost("/", async (Guid walletId, HttpContext http, FaceEnrolmentFlow flow, IValidator<EnrolFaceRequest> validator, CancellationToken ct) =>
        {
            var (request, image) = await ReadEnrolmentAsync(http, ct);
            if (await Invalid(validator, request, ct) is { } problem) return problem;
            var capture = FaceCaptures.Supported(image ?? FaceCaptures.FromBase64(request.Image!));
            var result = await flow.EnrolAsync(walletId, capture, request.Consent!, CommandContexts.Get(http), ct);
            return http.Created(result, $"/v1/wallets/{walletId}/face", FaceProfileResponse.From);
        }).RequireIdempotencyKey().WithMetadata(new AllowLargeBody(FaceCaptures.MaxBodyBytes))
          .Accepts<EnrolFaceRequest>("application/json", "multipart/form-data").Produces<FaceProfileResponse>(StatusCodes.Status201Created)
          .WithName("enrolFace")
          .WithSummary("Enrol the customer's face with their consent (JSON with base64 image, or multipart with an image file); 422 names the failed quality gate")
          .Refuses(404, RuleCodes.NotFound)
          .Refuses(422, "capture_no_face", "capture_multiple_faces", "capture_face_too_small", "capture_not_frontal", "capture_blurred",
              "capture_too_tilted", "image_unsupported_format", "image_corrupt", "image_truncated", RuleCodes.ConsentMissing, RuleCodes.WalletClosed,
              ApprovalDecider.NotUsable, ApprovalDecider.NotPending, ApprovalDecider.Expired)
          .Example(new EnrolFaceRequest("/9j/4AAQSkZJRgABAQ...", new EnrolmentConsentRequest("face-pay", "consent-2026-01",
              "3f0a4d1c9b2e8f7a6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e", Guid.Parse("0f6b1d2e-3c4a-4b5c-8d6e-7f8091a2b3c4"))));

        wallets.MapGet("/", async (Guid walletId, Marten.IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Wallet>(walletId, ct) is { } wallet
                ? Results.Ok(FaceProfileResponse.From(wallet))
                : Problems.Of(404, Domain.RuleCodes.NotFound, "Not found.", $"Wallet {walletId} does not exist."))
          .WithName("getFaceProfile").WithSummary("Face-pay state: consent, template reference, re-enrolment, lock-out")
          .Produces<FaceProfileResponse>().Refuses(404, Domain.RuleCodes.NotFound);

        wallets.MapDelete("/", async (Guid walletId, HttpContext http, FaceEnrolmentFlow flow, CancellationToken ct) =>
            http.Ok(await flow.WithdrawConsentAsync(walletId, CommandContexts.Get(http), ct), FaceProfileResponse.From))
          .RequireIdempotencyKey()
          .WithName("eraseFace")
          .WithSummary("Consent withdrawn: face pay ends and the template's key is destroyed (crypto-shredding); the ledger history stays")
          .Produces<FaceProfileResponse>().Refuses(404, Domain.RuleCodes.NotFound).Refuses(422, Domain.RuleCodes.WalletClosed);

        // Four eyes: each of these only files a request (202); another operator's approval does it (/v1/approvals/{id}/approve).
        wallets.MapPost("/enrolment-approvals", async (Guid walletId, EnrolmentApprovalRequest body, HttpContext http, ApprovalUseCases approvals,
            CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.FaceEnrolment, walletId,
                new ActDetails(ConsentFormSha256: body.ConsentFormSha256!.ToLowerInvariant()), CommandContexts.Get(http), ct)))
          .Validate<EnrolmentApprovalRequest>().RequireIdempotencyKey()
          .WithName("requestEnrolmentApproval")
          .WithSummary("Ask for a permit to enrol a face on this wallet, naming the SHA-256 of the customer's signed consent form; another operator approves")
          .Produces<ApprovalResponse>(StatusCodes.Status202Accepted).Refuses(404, Domain.RuleCodes.NotFound).Refuses(422, Domain.RuleCodes.WalletClosed)
          .Example(new EnrolmentApprovalRequest("3f0a4d1c9b2e8f7a6d5c4b3a29180f7e6d5c4b3a29180f7e6d5c4b3a29180f7e"));

        wallets.MapPost("/pin/reset", async (Guid walletId, HttpContext http, ApprovalUseCases approvals, CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.PinReset, walletId, new ActDetails(), CommandContexts.Get(http), ct)))
          .RequireIdempotencyKey()
          .WithName("requestPinReset")
          .WithSummary("Ask to clear the face-pay PIN (the customer then sets a new one on their device, PUT /v1/face-pin); another operator approves")
          .Produces<ApprovalResponse>(StatusCodes.Status202Accepted).Refuses(404, Domain.RuleCodes.NotFound).Refuses(422, Domain.RuleCodes.WalletClosed);

        wallets.MapPost("/unlock", async (Guid walletId, HttpContext http, ApprovalUseCases approvals, CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.FacePayUnlock, walletId, new ActDetails(), CommandContexts.Get(http), ct)))
          .RequireIdempotencyKey().WithName("requestFacePayUnlock")
          .WithSummary("Ask to unlock face pay after a lock-out; another operator, having reviewed it, approves")
          .Produces<ApprovalResponse>(StatusCodes.Status202Accepted).Refuses(404, Domain.RuleCodes.NotFound).Refuses(422, Domain.RuleCodes.WalletClosed);

        app.MapPost("/v1/face-templates/mark-outdated", async (HttpContext http, TemplateUpgrade upgrade, FaceVerifier verifier, CancellationToken ct) =>
        {
            var model = verifier.RecognitionModel.Key;
            var outdated = await upgrade.MarkOutdatedAsync(model, CommandContexts.Get(http), ct);
            return Results.Ok(new OutdatedTemplatesResponse(model, outdated));
        }).RequireIdempotencyKey().RequireRole(Role.Operator).WithTags(ApiTags.FacePay)
          .WithName("markTemplatesOutdated").Produces<OutdatedTemplatesResponse>()
          .WithSummary("Retiring an older model: every template of another model is no longer compared (customers without a template of the model in service re-enrol)");

        app.MapGet("/v1/face-templates/models", async (BiometricVault vault, FaceVerifier verifier, CancellationToken ct) =>
            Results.Ok(await vault.ModelReportAsync(verifier.RecognitionModel.Key, ct)))
          .RequireRole(Role.Operator).WithTags(ApiTags.FacePay)
          .WithName("getTemplateModelReport").Produces<Ledger.Infrastructure.Biometrics.TemplateModelReport>()
          .WithSummary("Where a model upgrade stands: customers on the model in service, renewed ones, and those still on an older model only");

        var payments = app.MapGroup("/v1/face-payments").WithTags(ApiTags.FacePay);

        payments.MapPost("/", async (HttpContext http, TerminalFacePayments payments, CancellationToken ct) =>
        {
            var (request, image) = await ReadPaymentAsync(http, ct);
            var (paid, refused) = await payments.PayAsync(request, image, TerminalAuthentication.TerminalOf(http)!.Value, CommandContexts.Get(http), ct);
            if (refused is not null)
                return refused.Errors is { } errors ? Problems.Validation(errors.ToDictionary()) : Problems.Of(refused.Status, refused.Code, refused.Title, refused.Detail);
            return http.Created(paid!, $"/v1/payments/{paid!.Outcome.Id}", TerminalPaymentResponse.From);
        }).RequireIdempotencyKey().RequireTerminalSignature().WithMetadata(new AllowLargeBody(FaceCaptures.MaxBodyBytes))
          .Accepts<FacePaymentRequest>("application/json", "multipart/form-data").Produces<TerminalPaymentResponse>(StatusCodes.Status201Created)
          .WithName("payByFace")
          .WithSummary("Verify and pay in one round trip (signed by the terminal): authorized or declined with a coarse reason; the evidence goes to the events only")
          .Refuses(403, "terminal_mismatch")
          .Refuses(422, "image_unsupported_format", "image_corrupt", "image_truncated", "model_mismatch", "template_size_mismatch",
              "on_device_template_not_accepted", "pin_required", RuleCodes.UnknownCurrency, RuleCodes.TooManyDecimals, RuleCodes.AmountOutOfRange,
              RuleCodes.AmountNotPositive, RuleCodes.MerchantNotActive, RuleCodes.TerminalNotActive, CaptureRuleCodes.ChallengeUnknown,
              CaptureRuleCodes.ChallengeUsed, CaptureRuleCodes.ChallengeExpired, CaptureRuleCodes.ChallengeOtherAmount, CaptureRuleCodes.DeviceKeyMissing,
              CaptureRuleCodes.StatementRequired, CaptureRuleCodes.StatementMalformed, CaptureRuleCodes.StatementSignatureInvalid,
              CaptureRuleCodes.StatementMismatch, CaptureRuleCodes.CounterNotIncreasing, CaptureRuleCodes.FramesMismatch,
              CaptureRuleCodes.AssuranceTooLow, CaptureRuleCodes.LiveFramesRequired)
          .Example(new FacePaymentRequest(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), "12.90", "EUR",
              new CustomerHintRequest("4567", null, null), null, "/9j/4AAQSkZJRgABAQ...", null));

        payments.MapGet("/policy", (FacePayUseCases useCases, FaceVerifier verifier) =>
        {
            var p = useCases.Policy;
            return Results.Ok(new FacePayPolicyResponse(p.Version, p.PinAbove.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.LockAfterFailures, p.FailureWindow.TotalMinutes, verifier.RecognitionModel.Key));
        }).RequireTerminalSignature().WithName("getFacePayPolicy").Produces<FacePayPolicyResponse>()
          .WithSummary("The face-pay policy in force (PIN amount, lock-out) and the model id an on-device template must name");
    }

    private static async Task<IResult?> Invalid<T>(IValidator<T> validator, T request, CancellationToken ct)
    {
        var result = await validator.ValidateAsync(request, ct);
        return result.IsValid ? null : Problems.Validation(ValidationErrors.ByField(result));
    }

    private static async Task<(EnrolFaceRequest, byte[]?)> ReadEnrolmentAsync(HttpContext http, CancellationToken ct)
    {
        if (await FaceCaptures.ReadMultipartAsync(http.Request, ct) is var (form, image))
        {
            var consent = new EnrolmentConsentRequest(Field(form, "consentPurpose"), Field(form, "consentPolicyVersion"),
                Field(form, "consentFormSha256"), Guid.TryParse(Field(form, "consentApprovalId"), out var a) ? a : null);
            // The validator checks a base64 capture; a multipart file is checked the same way through this stand-in text.
            return (new EnrolFaceRequest(image is null ? null : Convert.ToBase64String(image), consent), image);
        }
        return (await ReadJsonAsync<EnrolFaceRequest>(http, ct), null);
    }

    private static async Task<(FacePaymentRequest, byte[]?)> ReadPaymentAsync(HttpContext http, CancellationToken ct)
    {
        if (await FaceCaptures.ReadMultipartAsync(http.Request, ct) is var (form, image))
        {
            var hint = new CustomerHintRequest(Field(form, "phoneLastFour"), Field(form, "phoneNumber"),
                Guid.TryParse(Field(form, "walletId"), out var w) ? w : null);
            return (new FacePaymentRequest(Guid.TryParse(Field(form, "terminalId"), out var t) ? t : null, Field(form, "amount"),
                Field(form, "currency"), hint, Field(form, "pin"), image is null ? null : Convert.ToBase64String(image), null,
                Field(form, "statement")), image);
        }
        return (await ReadJsonAsync<FacePaymentRequest>(http, ct), null);
    }

    private static async Task<T> ReadJsonAsync<T>(HttpContext http, CancellationToken ct) where T : class
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value;
        try
        {
            return await http.Request.ReadFromJsonAsync<T>(options.SerializerOptions, ct)
                   ?? throw new System.Text.Json.JsonException("A JSON body is required.");
        }
        catch (InvalidOperationException e) when (!http.Request.HasJsonContentType())
        {
            throw new BadHttpRequestException("Send application/json or multipart/form-data.", StatusCodes.Status415UnsupportedMediaType, e);
        }
    }

    private static string? Field(IFormCollection form, string name) => form.TryGetValue(name, out var v) && v.Count > 0 ? v.ToString() : null;
}
