using System.Diagnostics;

namespace Ledger.Api.Diagnostics;

/// <summary>The service's own spans: a terminal request, and the ledger's part of a face payment (decide, append, commit).</summary>
public static class ApiActivities
{
    public const string SourceName = "Ledger.Api";

    public static readonly ActivitySource Source = new(SourceName);

    public const string Request = "request";

    /// <summary>The face payment decided and committed: idempotency, the wallet's and terminal's streams, the events.</summary>
    public const string Ledger = "ledger";
}
