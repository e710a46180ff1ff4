using System.Text.Json;
using Ledger.Terminal.Capture;
using Ledger.Terminal.Payments;

namespace Ledger.Terminal.Http;

/// <summary>The capture challenge's answer: the nonce to sign, and what the capture must be.</summary>
/// <param name="Movement">The head movement the frames must show (<c>turn_left</c>, <c>turn_right</c>), when a live challenge is asked.</param>
/// <param name="Frames">How many frames to send (1: a single <c>image</c>).</param>
public sealed record CaptureChallenge(string Nonce, DateTimeOffset ExpiresAt, string? Movement, int Frames);

/// <summary>A registered device key: its id and assurance (<c>registered</c> or <c>hardware-attested</c>).</summary>
public sealed record DeviceKeyRegistration(string DeviceKeyId, string Algorithm, string Assurance);

public sealed partial class TerminalClient
{
    public const string PaymentsPath = "/v1/payments";
    public const string FacePaymentsPath = "/v1/face-payments";
    public const string CaptureChallengesPath = "/v1/face-payments/challenges";
    public const string DeviceKeyChallengesPath = "/v1/device-keys/challenges";
    public const string DeviceKeysPath = "/v1/device-keys";

    /// <summary>A payment with the one-time code the customer's phone shows, passed through as typed or scanned.</summary>
    public PreparedRequest PrepareCodePayment(Amount amount, string paymentCode, string idempotencyKey) =>
        PreparedRequest.Post(PaymentsPath, idempotencyKey, RequestBodies.CodePayment(Terminal.TerminalId, amount, paymentCode));

    public Task<PaymentOutcome> PayWithCodeAsync(Amount amount, string paymentCode, string idempotencyKey, CancellationToken ct = default) =>
        PayAsync(PrepareCodePayment(amount, paymentCode, idempotencyKey), ct);

    public PreparedRequest PrepareFacePayment(FacePayment payment, string idempotencyKey) =>
        PreparedRequest.Post(FacePaymentsPath, idempotencyKey, RequestBodies.FacePayment(Terminal.TerminalId, payment));

    public Task<PaymentOutcome> PayWithFaceAsync(FacePayment payment, string idempotencyKey, CancellationToken ct = default) =>
        PayAsync(PrepareFacePayment(payment, idempotencyKey), ct);

    /// <summary>A nonce (60 s, single use) bound to this terminal, amount and currency, for the next face payment's statement.</summary>
    public async Task<CaptureChallenge> RequestCaptureChallengeAsync(Amount amount, string idempotencyKey, CancellationToken ct = default)
    {
        var root = await CreatedAsync(PreparedRequest.Post(CaptureChallengesPath, idempotencyKey,
            RequestBodies.CaptureChallenge(Terminal.TerminalId, amount)), ct);
        return new CaptureChallenge(root.GetProperty("nonce").GetString()!, root.GetProperty("expiresAt").GetDateTimeOffset(),
            root.TryGetProperty("movement", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null,
            root.TryGetProperty("frames", out var f) ? f.GetInt32() : 1);
    }

    /// <summary>
    /// Registers the camera module's key: a challenge, then the key with its proof of possession and, for a
    /// hardware-attested key, its certificate chain (DER, the leaf first).
    /// </summary>
    public async Task<DeviceKeyRegistration> RegisterDeviceKeyAsync(DeviceKey key, string idempotencyKey,
        IReadOnlyList<byte[]>? attestation = null, CancellationToken ct = default)
    {
        var challenge = await CreatedAsync(PreparedRequest.Post(DeviceKeyChallengesPath, idempotencyKey + ".challenge",
            RequestBodies.DeviceKeyChallenge(Terminal.TerminalId)), ct);
        var nonce = challenge.GetProperty("nonce").GetString()!;
        var root = await CreatedAsync(PreparedRequest.Post(DeviceKeysPath, idempotencyKey,
            RequestBodies.DeviceKeyRegistration(Terminal.TerminalId, key, nonce, attestation)), ct);
        return new DeviceKeyRegistration(root.GetProperty("deviceKeyId").GetString()!, root.GetProperty("algorithm").GetString()!,
            root.GetProperty("assurance").GetString()!);
    }

    /// <summary>
    /// An attested face payment in one call: the challenge for this amount, the capture <paramref name="capture"/> takes
    /// for it (one image, or the frames of the movement it asks for, in the order taken: the first as the challenge
    /// appears, the shopper looking at the screen, which spares the service a second detection), the statement signed by
    /// <paramref name="deviceKey"/> with <paramref name="counter"/> (above every counter this key signed before: keep it
    /// in the module's storage), and the payment. The challenge is asked under <paramref name="idempotencyKey"/> +
    /// ".challenge". After an <see cref="PaymentOutcome.Unanswered"/>, send its request again (<see cref="PayAsync"/>),
    /// never this whole flow: a new capture under the same key is a different body, refused as a conflict.
    /// </summary>
    public async Task<PaymentOutcome> PayWithAttestedCaptureAsync(Amount amount, CustomerHint customer, DeviceKey deviceKey, long counter,
        Func<CaptureChallenge, CancellationToken, Task<IReadOnlyList<byte[]>>> capture, string idempotencyKey, string? pin = null,
        CancellationToken ct = default)
    {
        var challenge = await RequestCaptureChallengeAsync(amount, idempotencyKey + ".challenge", ct);
        var frames = await capture(challenge, ct);
        var statement = CaptureStatement.ForFrames(Terminal.TerminalId, challenge.Nonce, Options.Time.GetUtcNow(), counter, amount, frames,
            challenge.Movement).Sign(deviceKey);
        var live = challenge.Movement is not null || frames.Count > 1;
        var payment = new FacePayment(amount, customer, Image: live ? null : frames[0], Frames: live ? frames : null, Statement: statement, Pin: pin);
        return await PayAsync(PrepareFacePayment(payment, idempotencyKey), ct);
    }

    private async Task<JsonElement> CreatedAsync(PreparedRequest request, CancellationToken ct)
    {
        var (response, attempts, error) = await SendAsync(request, ct);
        if (response is null || RetryRules.IsRetryable(response))
            throw new TerminalUnanswered($"{request.Method} {request.PathAndQuery}: no answer after {attempts} tries (last: {response?.Status.ToString() ?? error?.Message}).", error);
        if (!response.IsSuccess) throw new TerminalRequestRefused(response.Status, Problem.Read(response));
        using var json = JsonDocument.Parse(response.Body);
        return json.RootElement.Clone();
    }
}
