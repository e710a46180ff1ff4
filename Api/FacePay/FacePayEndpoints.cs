using FluentValidation;
using Ledger.Api.Access;
using Ledger.Api.Approvals;
using Ledger.Api.Http;
using Ledger.Api.Payments;
using Ledger.Api.Terminals;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Approvals;
using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Biometrics;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

public static class FacePayEndpoints
{
    public static void MapFacePayEndpoints(this IEndpointRouteBuilder app)
    {
        var wallets = app.MapGroup("/v1/wallets/{walletId:guid}/face").WithTags("Face pay").RequireRole(Role.Operator);

        wallets.MapPost("/", async (Guid walletId, HttpContext http, FaceEnrolmentFlow flow, IValidator<EnrolFaceRequest> validator, CancellationToken ct) =>
        {
            var (request, image) = await ReadEnrolmentAsync(http, ct);
            if (await Invalid(validator, request, ct) is { } problem) return problem;
            var capture = FaceCaptures.Supported(image ?? FaceCaptures.FromBase64(request.Image!));
            var result = await flow.EnrolAsync(walletId, capture, request.Consent!, CommandContexts.Get(http), ct);
            return http.Created(result, $"/v1/wallets/{walletId}/face", FaceProfileResponse.From);
        }).RequireIdempotencyKey().WithMetadata(new AllowLargeBody(FaceCaptures.MaxBodyBytes))
          .Accepts<EnrolFaceRequest>("application/json", "multipart/form-data").Produces<FaceProfileResponse>(StatusCodes.Status201Created)
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Enrol the customer's face with their consent (JSON with base64 image, or multipart with an image file); 422 names the failed quality gate");

        wallets.MapGet("/", async (Guid walletId, Marten.IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Wallet>(walletId, ct) is { } wallet
                ? Results.Ok(FaceProfileResponse.From(wallet))
                : Problems.Of(404, Domain.RuleCodes.NotFound, "Not found.", $"Wallet {walletId} does not exist."))
          .WithSummary("Face-pay state: consent, template reference, re-enrolment, lock-out");

        wallets.MapDelete("/", async (Guid walletId, HttpContext http, FaceEnrolmentFlow flow, CancellationToken ct) =>
            http.Ok(await flow.WithdrawConsentAsync(walletId, CommandContexts.Get(http), ct), FaceProfileResponse.From))
          .RequireIdempotencyKey()
          .WithSummary("Consent withdrawn: face pay ends and the template's key is destroyed (crypto-shredding); the ledger history stays");

        // Four eyes: each of these only files a request (202); another operator's approval does it (/v1/approvals/{id}/approve).
        wallets.MapPost("/enrolment-approvals", async (Guid walletId, EnrolmentApprovalRequest body, HttpContext http, ApprovalUseCases approvals,
            CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.FaceEnrolment, walletId,
                new ActDetails(ConsentFormSha256: body.ConsentFormSha256!.ToLowerInvariant()), CommandContexts.Get(http), ct)))
          .Validate<EnrolmentApprovalRequest>().RequireIdempotencyKey()
          .WithSummary("Ask for a permit to enrol a face on this wallet, naming the SHA-256 of the customer's signed consent form; another operator approves");

        wallets.MapPost("/pin/reset", async (Guid walletId, HttpContext http, ApprovalUseCases approvals, CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.PinReset, walletId, new ActDetails(), CommandContexts.Get(http), ct)))
          .RequireIdempotencyKey()
          .WithSummary("Ask to clear the face-pay PIN (the customer then sets a new one on their device, PUT /v1/face-pin); another operator approves");

        wallets.MapPost("/unlock", async (Guid walletId, HttpContext http, ApprovalUseCases approvals, CancellationToken ct) =>
            http.Pending(await approvals.RequestAsync(SensitiveAct.FacePayUnlock, walletId, new ActDetails(), CommandContexts.Get(http), ct)))
          .RequireIdempotencyKey().WithSummary("Ask to unlock face pay after a lock-out; another operator, having reviewed it, approves");

        app.MapPost("/v1/face-templates/mark-outdated", async (HttpContext http, TemplateUpgrade upgrade, FaceVerifier verifier, CancellationToken ct) =>
        {
            var model = verifier.RecognitionModel.Key;
            var outdated = await upgrade.MarkOutdatedAsync(model, CommandContexts.Get(http), ct);
            return Results.Ok(new { currentModelId = model, outdated });
        }).RequireIdempotencyKey().RequireRole(Role.Operator).WithTags("Face pay")
          .WithSummary("Retiring an older model: every template of another model is no longer compared (customers without a template of the model in service re-enrol)");

        app.MapGet("/v1/face-templates/models", async (BiometricVault vault, FaceVerifier verifier, CancellationToken ct) =>
            Results.Ok(await vault.ModelReportAsync(verifier.RecognitionModel.Key, ct)))
          .RequireRole(Role.Operator).WithTags("Face pay")
          .WithSummary("Where a model upgrade stands: customers on the model in service, renewed ones, and those still on an older model only");

        var payments = app.MapGroup("/v1/face-payments").WithTags("Face pay");

        payments.MapPost("/", async (HttpContext http, TerminalFacePayments payments, CancellationToken ct) =>
        {
            var (request, image) = await ReadPaymentAsync(http, ct);
            var (paid, refused) = await payments.PayAsync(request, image, TerminalAuthentication.TerminalOf(http)!.Value, CommandContexts.Get(http), ct);
            if (refused is not null)
                return refused.Errors is { } errors ? Problems.Validation(errors.ToDictionary()) : Problems.Of(refused.Status, refused.Code, refused.Title, refused.Detail);
            return http.Created(paid!, $"/v1/payments/{paid!.Outcome.Id}", TerminalPaymentResponse.From);
        }).RequireIdempotencyKey().RequireTerminalSignature().WithMetadata(new AllowLargeBody(FaceCaptures.MaxBodyBytes))
          .Accepts<FacePaymentRequest>("application/json", "multipart/form-data").Produces<TerminalPaymentResponse>(StatusCodes.Status201Created)
          .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
          .WithSummary("Verify and pay in one round trip (signed by the terminal): authorized or declined with a coarse reason; the evidence goes to the events only");

        payments.MapGet("/policy", (FacePayUseCases useCases, FaceVerifier verifier) =>
        {
            var p = useCases.Policy;
            return Results.Ok(new FacePayPolicyResponse(p.Version, p.PinAbove.ToString(System.Globalization.CultureInfo.InvariantCulture),
                p.LockAfterFailures, p.FailureWindow.TotalMinutes, verifier.RecognitionModel.Key));
        }).RequireTerminalSignature().WithSummary("The face-pay policy in force (PIN amount, lock-out) and the model id an on-device template must name");
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
