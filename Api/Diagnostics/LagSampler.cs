using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Diagnostics;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Messaging.Publishing;
using Npgsql;

namespace Ledger.Api.Diagnostics;

/// <summary>
/// How far behind the event log the asynchronous work is, sampled from the database every
/// <c>Observability:LagSampleSeconds</c> (10 s) and at start, and offered as gauges (meter <c>Ledger</c>):
/// <c>ledger.events.high_water</c> (the last stored event's sequence number), <c>ledger.projection.lag</c> (events past
/// each daemon shard's and subscription's checkpoint, by <c>projection</c>) and <c>ledger.audit.chain.lag</c> (events not
/// chained yet) and <c>ledger.publisher.lag</c> (events of the published kinds not yet published: exact, where the
/// publisher's row of <c>ledger.projection.lag</c> is an upper bound, as a filtered subscription does not move its
/// checkpoint over events of other kinds). A scrape reads the last sample; it never queries the database itself.
/// </summary>
public sealed class LagSampler(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<LagSampler> log) : BackgroundService
{
    private static readonly ConcurrentDictionary<string, long> Projections = new();
    private static long _highWater = -1;
    private static long _chained = -1;
    private static long _unpublished = -1;

    static LagSampler()
    {
        LedgerMeter.Meter.CreateObservableGauge("ledger.events.high_water", () => Measurements(_highWater), unit: "{event}",
            description: "Sequence number of the last stored event");
        LedgerMeter.Meter.CreateObservableGauge("ledger.projection.lag", () => _highWater < 0
                ? []
                : Projections.Select(p => new Measurement<long>(Math.Max(0, _highWater - p.Value), new KeyValuePair<string, object?>("projection", p.Key))),
            unit: "{event}", description: "Events past a projection's or subscription's checkpoint");
        LedgerMeter.Meter.CreateObservableGauge("ledger.audit.chain.lag", () => _highWater < 0 || _chained < 0 ? [] : Measurements(Math.Max(0, _highWater - _chained)),
            unit: "{event}", description: "Stored events the audit chain has not hashed yet");
        LedgerMeter.Meter.CreateObservableGauge("ledger.publisher.lag", () => Measurements(_unpublished), unit: "{event}",
            description: "Stored events of the published kinds the integration-event publisher has not published yet");
    }

    private static IEnumerable<Measurement<long>> Measurements(long value) => value < 0 ? [] : [new Measurement<long>(value)];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Observability:LagSampleSeconds", 10)));
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                // The database's own health check reports it; the gauges keep their last sample.
                log.LogDebug(e, "Lag sample skipped: the database did not answer");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task SampleAsync(CancellationToken ct)
    {
        var schema = MartenSetup.DefaultSchema;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select coalesce(max(seq), 0) from {schema}.{AuditSchema.Chain}"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"select name, last_seq_id from {schema}.mt_event_progression where name not like 'HighWater%'"));
        batch.BatchCommands.Add(PublisherLag.Command(schema));
        batch.Timeout = 3;
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var highWater = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var chained = reader.GetInt64(0);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) Projections[reader.GetString(0)] = reader.GetInt64(1);
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var unpublished = reader.GetInt64(0);
        (_highWater, _chained, _unpublished) = (highWater, chained, unpublished);
    }
}
