namespace Ledger.Infrastructure.Audit;

/// <summary>Where a run in the background (a what-if report, a projection rebuild) is, as its row says.</summary>
public static class BackgroundRunStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";
    /// <summary>Its process stopped or died before it finished: nothing resumes it, it is asked for again.</summary>
    public const string Interrupted = "interrupted";

    public static bool IsOpen(string status) => status is Queued or Running;
}
