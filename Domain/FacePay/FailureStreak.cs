namespace Ledger.Domain.FacePay;

/// <summary>
/// Consecutive failed face verifications since the last success. A success clears it; failures older than
/// the policy window no longer count towards a lock-out.
/// </summary>
public sealed record FailureStreak(IReadOnlyList<DateTimeOffset> Failures)
{
    public static readonly FailureStreak None = new([]);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Failures.Count == 0;

    public FailureStreak After(DateTimeOffset failedAt) => new([.. Failures, failedAt]);

    /// <summary>
    /// <see cref="After"/>, keeping only the last <paramref name="keep"/>: for counters whose limits look at the recent
    /// past only (a terminal's or a phone suffix's attempts), so their state stays small however long they live.
    /// </summary>
    public FailureStreak AfterKeepingLast(DateTimeOffset failedAt, int keep = 20) => new([.. Failures.TakeLast(keep - 1), failedAt]);

    /// <summary>Failures inside the window that ends at <paramref name="now"/>.</summary>
    public int CountWithin(TimeSpan window, DateTimeOffset now) => Failures.Count(at => at > now - window && at <= now);

    public bool Equals(FailureStreak? other) => other is not null && Failures.SequenceEqual(other.Failures);

    public override int GetHashCode() => Failures.Count;
}
