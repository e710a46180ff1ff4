namespace Ledger.Domain.Fraud;

/// <summary>One of a fraud view's sliding windows: its length, cut into <see cref="Buckets"/> buckets of equal length.</summary>
public sealed record FraudActivityWindow(TimeSpan Length)
{
    public const int Buckets = 60;

    public static readonly FraudActivityWindow Minute = new(TimeSpan.FromMinutes(1));
    public static readonly FraudActivityWindow TenMinutes = new(TimeSpan.FromMinutes(10));
    public static readonly FraudActivityWindow Hour = new(TimeSpan.FromHours(1));

    public TimeSpan Resolution => Length / Buckets;

    /// <summary>The bucket a moment falls in, by the start of its bucket (UTC).</summary>
    public DateTimeOffset BucketOf(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % Resolution.Ticks, TimeSpan.Zero);

    /// <summary>The buckets with the fact counted, keeping only the window that ends with the latest event's bucket.</summary>
    public IReadOnlyList<FraudActivityBucket> With(IReadOnlyList<FraudActivityBucket>? buckets, FraudFact fact, DateTimeOffset latest)
    {
        var start = BucketOf(fact.At);
        var kept = (buckets ?? []).Where(b => Inside(b.Start, latest)).ToList();
        if (!Inside(start, latest)) return kept;
        var index = kept.FindIndex(b => b.Start >= start);
        if (index >= 0 && kept[index].Start == start) kept[index] = kept[index].Add(fact.Kind);
        else kept.Insert(index < 0 ? kept.Count : index, new FraudActivityBucket(start, 0, 0, 0).Add(fact.Kind));
        return kept;
    }

    public FraudWindowCounts Count(IReadOnlyList<FraudActivityBucket>? buckets, DateTimeOffset? latest)
    {
        if (latest is not { } last) return new FraudWindowCounts(0, 0, 0);
        var inside = (buckets ?? []).Where(b => Inside(b.Start, last)).ToList();
        return new FraudWindowCounts(inside.Sum(b => b.Authorized), inside.Sum(b => b.Declined), inside.Sum(b => b.FaceFailures));
    }

    private bool Inside(DateTimeOffset bucketStart, DateTimeOffset latest) => bucketStart > BucketOf(latest) - Length;
}
