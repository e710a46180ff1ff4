using Ledger.Domain.Merchants;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore.GroupCommit.SetBased;

namespace Ledger.Integration.Tests.GroupCommit;

/// <summary>The writers' snapshot cache on its own: bounded, never going back to an older version, one kind per stream.</summary>
public sealed class SnapshotCacheTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    [Fact]
    public void A_snapshot_is_found_as_the_kind_it_was_kept_as_and_not_as_another()
    {
        var cache = new SnapshotCache(10);
        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 3, "wallet at 3"));

        Assert.Equal(3, cache.Find(A, typeof(Wallet))!.Version);
        Assert.Null(cache.Find(A, typeof(Merchant)));
        Assert.Null(cache.Find(B, typeof(Wallet)));
    }

    [Fact]
    public void A_later_version_is_kept_and_an_earlier_one_arriving_after_it_is_not()
    {
        var cache = new SnapshotCache(10);
        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 5, "at 5"));
        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 4, "at 4"));
        Assert.Equal("at 5", cache.Find(A, typeof(Wallet))!.State);

        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 6, "at 6"));
        Assert.Equal("at 6", cache.Find(A, typeof(Wallet))!.State);
    }

    [Fact]
    public void Past_its_capacity_the_least_recently_used_snapshot_goes_first()
    {
        var cache = new SnapshotCache(2);
        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 1, "a"));
        cache.Remember(new SnapshotCache.Entry(B, typeof(Wallet), 1, "b"));
        Assert.NotNull(cache.Find(A, typeof(Wallet)));

        cache.Remember(new SnapshotCache.Entry(C, typeof(Wallet), 1, "c"));

        Assert.Equal(2, cache.Count);
        Assert.NotNull(cache.Find(A, typeof(Wallet)));
        Assert.Null(cache.Find(B, typeof(Wallet)));
        Assert.NotNull(cache.Find(C, typeof(Wallet)));
    }

    [Fact]
    public void A_forgotten_snapshot_is_gone_and_a_cache_of_capacity_zero_keeps_nothing()
    {
        var cache = new SnapshotCache(10);
        cache.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 1, "a"));
        cache.Remember(new SnapshotCache.Entry(B, typeof(Wallet), 1, "b"));
        cache.Forget([A, C]);
        Assert.Null(cache.Find(A, typeof(Wallet)));
        Assert.NotNull(cache.Find(B, typeof(Wallet)));

        var none = new SnapshotCache(0);
        none.Remember(new SnapshotCache.Entry(A, typeof(Wallet), 1, "a"));
        Assert.Equal(0, none.Count);
    }
}
