using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

/// <summary>The credential a request was authenticated with (set by <see cref="CredentialCheck"/>).</summary>
public static class Callers
{
    private const string ItemKey = "ledger.caller";

    public static Credential? Of(HttpContext http) => http.Items.TryGetValue(ItemKey, out var c) ? (Credential)c! : null;

    internal static void Authenticated(HttpContext http, Credential credential) => http.Items[ItemKey] = credential;
}
