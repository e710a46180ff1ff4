namespace Ledger.Domain.Audit;

/// <summary>One view of a rebuild and how it compared with the live view taken just before: rows only live, rows only rebuilt.</summary>
public sealed record RebuiltView(string View, long Events, long Missing, long Extra);

/// <summary>
/// An operator started rebuilding projections (the console's rebuild page), first on the rebuild's own stream: recorded
/// before any view is truncated, so a rebuild that never finishes (the service stopped or died) is still in the history.
/// The operator's reason is in the event's headers.
/// </summary>
public sealed record ProjectionsRebuildStarted(Guid RebuildId, string Selection, DateTimeOffset StartedAt);

/// <summary>
/// An operator rebuilt projections from the events (the console's rebuild page), on a stream of its own: which views,
/// how many events, and how each differed from the live view before. The operator's reason is in the event's headers.
/// </summary>
public sealed record ProjectionsRebuilt(Guid RebuildId, string Selection, long Events, IReadOnlyList<RebuiltView> Views, bool AllMatch,
    DateTimeOffset RebuiltAt);
