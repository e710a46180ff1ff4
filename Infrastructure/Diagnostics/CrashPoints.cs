using System.Diagnostics;

namespace Ledger.Infrastructure.Diagnostics;

/// <summary>
/// Named places between two durable writes (or between a commit and its answer) where the crash tests have the
/// process die as <c>kill -9</c> would: with <c>LEDGER_CRASH_AT=NAME</c> in its environment, the process sends itself
/// SIGKILL the first time it reaches NAME. A random kill under load seldom lands in these windows; naming them makes
/// each window a test that runs every time. Unset (always, outside those tests), a point costs one comparison.
/// </summary>
public static class CrashPoints
{
    public const string Variable = "LEDGER_CRASH_AT";

    /// <summary>A template's data key written to the key store; the template row and the events not yet committed.</summary>
    public const string TemplateKeyStored = "template-key-stored";

    /// <summary>A face enrolment committed (template row, events); the earlier template's data key not yet destroyed.</summary>
    public const string EnrolmentCommitted = "enrolment-committed";

    /// <summary>An audit key hand-over recorded in the database; the new key not yet in the key file's place.</summary>
    public const string AuditKeyRotationRecorded = "audit-key-rotation-recorded";

    /// <summary>A console rebuild holds its lock and is recorded as running (row and started event); no view touched yet.</summary>
    public const string ProjectionRebuildRunning = "projection-rebuild-running";

    /// <summary>A what-if report was claimed by this process's worker (row running, its lock held); nothing replayed yet.</summary>
    public const string WhatIfReportRunning = "what-if-report-running";

    /// <summary>
    /// Group commit: two or more commands ran in one transaction (or were decided in a set-based batch whose write carries
    /// the commit); the commit not yet sent.
    /// </summary>
    public const string GroupCommitBatchWritten = "group-commit-batch-written";

    /// <summary>Group commit: a transaction of two or more commands committed; none of their callers answered yet.</summary>
    public const string GroupCommitBatchCommitted = "group-commit-batch-committed";

    /// <summary>The prefix of a command's point: its handler returned (the command committed), nothing answered yet.
    /// The full name adds the method and route pattern, e.g. <c>answer POST /v1/payments/</c>.</summary>
    public const string AnswerPrefix = "answer ";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } name ? name : null;

    public static bool AnyArmed => Armed is not null;

    public static void Reached(string name)
    {
        if (Armed is null || !string.Equals(Armed, name, StringComparison.Ordinal)) return;
        Console.Error.WriteLine($"{Variable}: crash point '{name}' reached; the process kills itself (SIGKILL)");
        Console.Error.Flush();
        using var self = Process.GetCurrentProcess();
        self.Kill();
        Thread.Sleep(Timeout.Infinite); // SIGKILL is not deferred; nothing after the point may run meanwhile
    }
}
