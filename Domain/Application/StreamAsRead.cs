namespace Ledger.Domain.Application;

/// <summary>
/// A stream's state as a caller read it, at <paramref name="Version"/>. A store that checks the version when it writes
/// may decide on it instead of reading the stream again; a store that does not, reads.
/// </summary>
public sealed record StreamAsRead<T>(T State, long Version) where T : class;
