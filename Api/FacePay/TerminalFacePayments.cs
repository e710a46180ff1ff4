using FluentValidation;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Api.FacePay;

/// <summary>Why a verify-and-pay request was refused before the ledger saw it: not valid, or not the signing terminal's own.</summary>
/// <param name="Errors">Per field, for a request that is not valid.</param>
public sealed record FacePaymentRefusal(int Status, string Code, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null);

/// <summary>
/// The one way a terminal's verify-and-pay reaches the ledger, whichever transport carried it (HTTP or the bus, each of
/// which has checked the signature): the request is validated, must name the terminal that signed it, and becomes a
/// <see cref="FacePaymentAttempt"/> for <see cref="FacePaymentHandler"/>. The transports only read and answer.
/// </summary>
public sealed class TerminalFacePayments(FacePaymentHandler handler, IValidator<FacePaymentRequest> validator)
{
    /// <param name="image">The capture when it came as a multipart file; otherwise the request's base64 image, if any.</param>
    public async Task<(CommandResult<Payment>? Paid, FacePaymentRefusal? Refused)> PayAsync(
        FacePaymentRequest request, byte[]? image, Guid signedBy, CommandContext context, CancellationToken ct)
    {
        var validation = await validator.ValidateAsync(request, ct);
        if (!validation.IsValid)
        {
            var errors = Http.ValidationErrors.ByField(validation);
            return (null, new FacePaymentRefusal(400, "validation", "The request is not valid.",
                string.Join(" ", errors.SelectMany(kv => kv.Value.Select(m => $"{kv.Key}: {m}"))), errors));
        }
        if (request.TerminalId != signedBy)
            return (null, new FacePaymentRefusal(403, "terminal_mismatch", "Forbidden.",
                "A terminal can only take payments as itself: terminalId must be the signing terminal."));
        var paid = await handler.PayAsync(AttemptOf(request, image), context, ct);
        Diagnostics.LedgerMetrics.Decided("face", paid.Outcome, paid.Replayed);
        return (paid, null);
    }

    /// <summary>
    /// The decision already stored for this request, if it is valid, names the terminal that signed it and was decided;
    /// otherwise null. Nothing is decided here.
    /// </summary>
    public async Task<CommandResult<Payment>?> StoredAnswerAsync(FacePaymentRequest request, Guid signedBy, CommandContext context,
        CancellationToken ct)
    {
        if (!(await validator.ValidateAsync(request, ct)).IsValid || request.TerminalId != signedBy) return null;
        return await handler.StoredAnswerAsync(AttemptOf(request, null), context, ct);
    }

    private static FacePaymentAttempt AttemptOf(FacePaymentRequest request, byte[]? image)
    {
        var customer = request.Customer!;
        var hint = customer switch
        {
            { WalletId: { } wallet } => CustomerHint.Wallet(wallet),
            { PhoneNumber: { } phone } => CustomerHint.Phone(PhoneNumber.Parse(phone).E164),
            _ => CustomerHint.LastFour(customer.PhoneLastFour!),
        };
        FaceProbe probe = request switch
        {
            { Template: { } template } => new DeviceTemplate(template.ModelId!, template.Values!),
            { Frames: { } frames } => new CapturedFrames(frames.Select(f => FaceCaptures.Supported(FaceCaptures.FromBase64(f))).ToList()),
            _ => new CapturedFace(FaceCaptures.Supported(image ?? FaceCaptures.FromBase64(request.Image!))),
        };
        return new FacePaymentAttempt(request.TerminalId!.Value, Http.MoneyText.Parse(request.Amount!, request.Currency!), hint, request.Pin, probe,
            request.Statement is { } statement ? Convert.FromBase64String(statement) : null);
    }
}
