using System.Diagnostics;

namespace Ledger.Api.Diagnostics;

/// <summary>The service's own spans: a terminal request, its authentication, and the ledger's part of a payment (decide, append, commit).</summary>
public static class ApiActivities
{
    public const string SourceName = "Ledger.Api";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Request = "request";

    /// <summary>
    /// A payment decided and committed: idempotency, the wallet's and terminal's streams, the events; for a code payment
    /// the credential's key read before it too.
    /// </summary>
    public const string Ledger = "ledger";

    /// <summary>A terminal request authenticated: the key looked up, the body read, the signature, nonce, terminal and merchant.</summary>
    public const string Authenticate = "authenticate";
}
