using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ledger.Infrastructure.Diagnostics;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// Uses up the nonces of the signed requests that arrive together in one <see cref="NonceRound"/>: what queued while the
/// last round ran, up to <see cref="MaxRound"/>. One round runs at a time. A request that finds none running makes the
/// rounds itself, on its own thread, until its own is answered, so a lone request waits for nobody and is handed to no
/// other thread; whoever is left queued then is taken on by a background drain. Each request is answered after its
/// round committed, as when each committed alone; many requests pay one commit. The queue holds only requests in flight,
/// which the body budget and the connection limits in front of it already bound.
/// </summary>
internal sealed class NonceBatcher : IAsyncDisposable
{
    public const int MaxRound = 64;

    // On /metrics (docs/OPERATIONS.md): requests over rounds is how many requests a nonce commit serves.
    private static readonly Counter<long> RoundsMade = LedgerMeter.Meter.CreateCounter<long>("ledger.terminal_nonces.rounds",
        "{round}", "Round trips (one commit each) that used up signed requests' nonces.");
    private static readonly Counter<long> RequestsCarried = LedgerMeter.Meter.CreateCounter<long>("ledger.terminal_nonces.requests",
        "{request}", "Signed requests whose nonce those round trips used up.");

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDocumentStore _store;
    private readonly string _schema;
    private readonly ConcurrentQueue<NonceClaim> _queue = new();
    private readonly CancellationTokenSource _stop = new();
    /// <summary>1 while someone makes rounds.</summary>
    private int _making;
    private Task _drain = Task.CompletedTask;
    private long _rounds;
    private long _claims;

    public NonceBatcher(NpgsqlDataSource dataSource, IDocumentStore store, string schema) =>
        (_dataSource, _store, _schema) = (dataSource, store, schema);

    /// <summary>Round trips made, and the nonces they carried (for the tests and the metrics).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);
    public long Claims => Interlocked.Read(ref _claims);

    public async Task<NonceUse> UseAsync(NonceClaim claim)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        _queue.Enqueue(claim);
        if (Interlocked.CompareExchange(ref _making, 1, 0) == 0) await MakeRoundsAsync(claim);
        return await claim.Answer.Task.WaitAsync(claim.CallerToken);
    }

    /// <summary>
    /// Called holding <see cref="_making"/>: rounds until <paramref name="own"/> is answered (a caller's), or until the
    /// queue is empty (the drain). Enqueueing before trying to make rounds, and letting go before looking at the queue,
    /// means a claim is never left queued with nobody making rounds.
    /// </summary>
    private async Task MakeRoundsAsync(NonceClaim? own)
    {
        while (true)
        {
            try
            {
                do await RoundAsync();
                while (own is null ? !_queue.IsEmpty : !own.Answer.Task.IsCompleted);
            }
            finally
            {
                Interlocked.Exchange(ref _making, 0);
            }
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _making, 1, 0) != 0) return;
            if (own is null) continue;
            // A caller goes back to its request; the requests that queued meanwhile get a drain of their own, outside that
            // request's trace.
            using (ExecutionContext.SuppressFlow()) _drain = Task.Run(() => MakeRoundsAsync(null));
            return;
        }
    }

    private async Task RoundAsync()
    {
        var round = new List<NonceClaim>(Math.Min(_queue.Count, MaxRound));
        while (round.Count < MaxRound && _queue.TryDequeue(out var claim))
            // A caller that left before its round is not used up: its request was never admitted.
            if (claim.CallerToken.IsCancellationRequested) claim.Answer.TrySetCanceled(claim.CallerToken);
            else round.Add(claim);
        if (round.Count == 0) return;
        try
        {
            await NonceRound.RunAsync(_dataSource, _store, _schema, round, _stop.Token);
            Interlocked.Increment(ref _rounds);
            Interlocked.Add(ref _claims, round.Count);
            RoundsMade.Add(1);
            RequestsCarried.Add(round.Count);
        }
        catch (Exception e)
        {
            // Each caller gets the error its own round trip would have had; the next round is made all the same.
            var answer = _stop.IsCancellationRequested
                ? new ObjectDisposedException(nameof(NonceBatcher), "The service is stopping: the request was not admitted.") : e;
            foreach (var claim in round) claim.Answer.TrySetException(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        // A round in flight ends with the stop; what is still queued is refused.
        await _drain;
        while (_queue.TryDequeue(out var claim))
            claim.Answer.TrySetException(new ObjectDisposedException(nameof(NonceBatcher), "The service is stopping: the request was not admitted."));
    }
}
