using Ledger.Domain.Audit;

namespace Ledger.Infrastructure.Audit.Replay.Reports;

/// <summary>An auditor's request for a what-if report: the policy and period, who asks, and their form's idempotency key.</summary>
public sealed record WhatIfReportRequest(Guid CredentialId, string RequestedBy, string Key, LimitPolicy Policy, DateTimeOffset? From,
    DateTimeOffset? To, DateTimeOffset Now);

/// <summary>What a submission came to: a new report queued, or the one the same form queued before.</summary>
public sealed record WhatIfSubmission(Guid Id, bool Repeated);

/// <summary>One day's changes (UTC): authorized payments that would be declined, declined ones that would be authorized.</summary>
public sealed record WhatIfDay(string Day, long WouldDecline, long WouldAuthorize);

/// <summary>A stored report: the request, where its run is, and once done its totals and days (its changes are rows).</summary>
public sealed record StoredWhatIfReport(
    Guid Id, string RequestedBy, string PolicyName, string Policy, DateTimeOffset? From, DateTimeOffset? To, DateTimeOffset RequestedAt,
    string Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, long? EventsRead, long? Requests, long? Changes,
    IReadOnlyList<WhatIfTotals> Totals, IReadOnlyList<WhatIfDay> Days, string? Error);

/// <summary>The same form's idempotency key sent again with other values.</summary>
public sealed class WhatIfKeyReused() : InvalidOperationException(
    "This form was already sent with other values: open the page again for a new form.");

/// <summary>Too many reports wait already: the queue is bounded, so a burst of requests cannot pile up work for hours.</summary>
public sealed class WhatIfQueueFull(int limit) : InvalidOperationException(
    $"{limit} what-if reports are waiting to run already: try again when one of them is done.");

/// <summary>How the service runs what-if reports (<c>Console:WhatIf*</c>).</summary>
/// <param name="QueueLimit">At most this many reports waiting to run, across every process on the database.</param>
/// <param name="Workers">Reports this process runs at once; 0 for a process that runs none (another one will).</param>
/// <param name="PollInterval">How often an idle worker looks for a report queued by another process.</param>
public sealed record WhatIfReportOptions(int QueueLimit, int Workers, TimeSpan PollInterval);
