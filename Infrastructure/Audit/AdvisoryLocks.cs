namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Session advisory locks as the liveness of background work: a run holds its lock on the connection it works on, so the
/// lock ends when the run does, or when its process dies (PostgreSQL drops the session). A row that says "running" while
/// nobody holds its lock was left by a process that is gone.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>
    /// SQL that is true while some session holds the session advisory lock whose bigint key <paramref name="key"/> (an
    /// expression) names, on this database. pg_locks shows a bigint key as classid (high 32 bits) and objid (low 32 bits)
    /// with objsubid 1; it reads no table row, so it sees the lock as it is now, not as of the statement's snapshot.
    /// </summary>
    public static string HeldSql(string key) =>
        "exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted and l.objsubid = 1 " +
        "and l.database = (select oid from pg_database where datname = current_database()) " +
        $"and l.classid = ((({key}) >> 32) & 4294967295)::oid and l.objid = (({key}) & 4294967295)::oid)";
}
