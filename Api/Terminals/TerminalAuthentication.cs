namespace Ledger.Api.Terminals;

/// <summary>Endpoint metadata: only a terminal with a valid signature may call this endpoint.</summary>
public sealed record TerminalSigned;

public static class TerminalAuthentication
{
    public const string KeyHeader = "X-Terminal-Key";
    public const string TimestampHeader = "X-Timestamp";
    public const string NonceHeader = "X-Nonce";
    public const string SignatureHeader = "X-Signature";
    private const string ItemKey = "ledger.terminal";
    private const string MerchantItemKey = "ledger.terminal.merchant";

    public static RouteHandlerBuilder RequireTerminalSignature(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new TerminalSigned());

    /// <summary>The terminal whose signature this request carries, if any.</summary>
    public static Guid? TerminalOf(HttpContext http) => http.Items.TryGetValue(ItemKey, out var id) ? (Guid)id! : null;

    /// <summary>The merchant of the signing terminal as the signature check read it: a hint for what a command will load, never a decision's input.</summary>
    public static Guid? MerchantOf(HttpContext http) => http.Items.TryGetValue(MerchantItemKey, out var id) ? (Guid)id! : null;

    internal static void Authenticated(HttpContext http, Guid terminalId, Guid merchantId)
    {
        http.Items[ItemKey] = terminalId;
        http.Items[MerchantItemKey] = merchantId;
    }
}
