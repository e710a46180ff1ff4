namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// Consecutive counted failures since the last accepted code, lock or unlock. Only the most recent
/// <see cref="Kept"/> are kept: a lock needs at most that many, and a slow trickle of failures (never enough in
/// one window to lock) must not grow the credential's state without end.
/// </summary>
public sealed record CodeFailures(IReadOnlyList<DateTimeOffset> Times)
{
    /// <summary>The largest <see cref="PaymentCodePolicy.LockAfterFailures"/> a policy may set.</summary>
    public const int Kept = 20;

    public static readonly CodeFailures None = new([]);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Times.Count == 0;

    public CodeFailures After(DateTimeOffset failedAt) => new([.. Times.Skip(Math.Max(0, Times.Count + 1 - Kept)), failedAt]);

    /// <summary>Failures inside the window that ends at <paramref name="now"/>; one exactly a window old has left it.</summary>
    public int CountWithin(TimeSpan window, DateTimeOffset now) => Times.Count(at => at > now - window && at <= now);

    public bool Equals(CodeFailures? other) => other is not null && Times.SequenceEqual(other.Times);

    public override int GetHashCode() => Times.Count;
}
