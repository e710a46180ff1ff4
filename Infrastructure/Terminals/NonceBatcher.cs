using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Ledger.Infrastructure.Diagnostics;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// Uses up the nonces of the signed requests that arrive together in one <see cref="NonceRound"/>: what queued while the
/// last round ran, up to <see cref="MaxRound"/>. It never waits for company, so a lone request goes at once. Each
/// request is answered after its round committed, as when each committed alone; many requests pay one commit.
/// </summary>
internal sealed class NonceBatcher : IAsyncDisposable
{
    public const int MaxRound = 64;
    private const int QueueCapacity = 1024;

    // On /metrics (docs/OPERATIONS.md): requests over rounds is how many requests a nonce commit serves.
    private static readonly Counter<long> RoundsMade = LedgerMeter.Meter.CreateCounter<long>("ledger.terminal_nonces.rounds",
        "{round}", "Round trips (one commit each) that used up signed requests' nonces.");
    private static readonly Counter<long> RequestsCarried = LedgerMeter.Meter.CreateCounter<long>("ledger.terminal_nonces.requests",
        "{request}", "Signed requests whose nonce those round trips used up.");

    private readonly NpgsqlDataSource _dataSource;
    private readonly IDocumentStore _store;
    private readonly string _schema;
    private readonly Channel<NonceClaim> _queue = Channel.CreateBounded<NonceClaim>(new BoundedChannelOptions(QueueCapacity)
    {
        SingleReader = true, FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _rounds;
    private long _claims;

    public NonceBatcher(NpgsqlDataSource dataSource, IDocumentStore store, string schema)
    {
        (_dataSource, _store, _schema) = (dataSource, store, schema);
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Round trips made, and the nonces they carried (for the tests and the metrics).</summary>
    public long Rounds => Interlocked.Read(ref _rounds);
    public long Claims => Interlocked.Read(ref _claims);
    /// <summary>Requests queued and not yet taken into a round.</summary>
    public int Waiting => _queue.Reader.Count;

    public async Task<NonceUse> UseAsync(NonceClaim claim)
    {
        await _queue.Writer.WriteAsync(claim, claim.CallerToken);
        return await claim.Answer.Task.WaitAsync(claim.CallerToken);
    }

    private async Task LoopAsync()
    {
        var round = new List<NonceClaim>(MaxRound);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_stop.Token))
            {
                while (round.Count < MaxRound && _queue.Reader.TryRead(out var claim))
                    // A caller that left before its round is not used up: its request was never admitted.
                    if (claim.CallerToken.IsCancellationRequested) claim.Answer.TrySetCanceled(claim.CallerToken);
                    else round.Add(claim);
                if (round.Count == 0) continue;
                try
                {
                    await NonceRound.RunAsync(_dataSource, _store, _schema, round, _stop.Token);
                    Interlocked.Increment(ref _rounds);
                    Interlocked.Add(ref _claims, round.Count);
                    RoundsMade.Add(1);
                    RequestsCarried.Add(round.Count);
                }
                catch (Exception e) when (!_stop.IsCancellationRequested)
                {
                    // Each caller gets the error its own round trip would have had; the loop lives on for the next round.
                    foreach (var claim in round) claim.Answer.TrySetException(e);
                }
                round.Clear();
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
        }
        var stopped = new ObjectDisposedException(nameof(NonceBatcher), "The service is stopping: the request was not admitted.");
        foreach (var claim in round) claim.Answer.TrySetException(stopped);
        while (_queue.Reader.TryRead(out var claim)) claim.Answer.TrySetException(stopped);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
