using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Domain.Fraud;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.EventStore;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Ledger.Infrastructure.Fraud;

/// <summary>
/// Evaluates the fraud rules as events arrive: a Marten subscription run by the async daemon, so a payment
/// never waits for it. The subjects' windows are written in the same transaction as the subscription's checkpoint,
/// so a crash re-evaluates the page from the windows as they were. Each alert is a new stream whose id follows from
/// rule, subject and tipping event, committed before the checkpoint; an alert whose stream exists is not raised
/// again, so a replayed page, a rewound runner or one whose windows were deleted raises each alert once.
/// </summary>
public sealed class FraudRuleRunner : SubscriptionBase
{
    public const string SubscriptionName = "fraud_rules";

    /// <summary>The actor on alert events.</summary>
    public const string Actor = "system:fraud-rules";

    private readonly FraudPolicy _policy;
    private readonly ILogger<FraudRuleRunner> _logger;

    public FraudRuleRunner(FraudPolicy policy, ILogger<FraudRuleRunner> logger)
    {
        _policy = policy;
        _logger = logger;
        Name = SubscriptionName;
        foreach (var type in FraudFacts.SourceTypes)
            IncludeType(type);
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken ct)
    {
        var windows = new Dictionary<string, FraudWindow>();
        var locations = new Dictionary<Guid, GeoPoint?>();
        foreach (var e in page.Events)
        {
            if (FraudFacts.TerminalOf(e.Data) is not { } terminalId) continue;
            if (!locations.TryGetValue(terminalId, out var location))
                locations[terminalId] = location = (await operations.LoadAsync<Terminal>(terminalId, ct))?.Location;
            var fact = FraudFacts.From(e, location)!;

            await ObserveAsync(FraudSubject.Terminal(terminalId), fact, e, windows, operations, ct);
            if (fact.WalletId is { } walletId)
                await ObserveAsync(FraudSubject.Wallet(walletId), fact, e, windows, operations, ct);
        }
        foreach (var (id, window) in windows)
            operations.Store(new FraudRuleState(id, window));
        return NullChangeListener.Instance;
    }

    private async Task ObserveAsync(FraudSubject subject, FraudFact fact, IEvent source, Dictionary<string, FraudWindow> windows,
        IDocumentOperations operations, CancellationToken ct)
    {
        var id = FraudRuleState.IdOf(subject);
        if (!windows.TryGetValue(id, out var window))
            window = (await operations.LoadAsync<FraudRuleState>(id, ct))?.Window ?? FraudWindow.Empty(subject);

        var observation = FraudDetector.Observe(window, fact, _policy);
        windows[id] = observation.Window;
        foreach (var alert in observation.Alerts)
        {
            // Events appended through the daemon's operations are not stored, so each alert commits in its own
            // session, before the checkpoint moves; a replay of the page finds the stream and skips it.
            await using var session = operations.DocumentStore.LightweightSession();
            if (await session.Events.FetchStreamStateAsync(alert.AlertId, ct) is not null) continue;
            session.CorrelationId = source.CorrelationId;
            session.CausationId = source.Id.ToString();
            session.LastModifiedBy = Actor;
            session.SetHeader(EventHeaders.Actor, Actor);
            session.Events.StartStream<FraudAlertView>(alert.AlertId, alert);
            await session.SaveChangesAsync(ct);
            FraudMetrics.Raised(alert);
            _logger.LogInformation("Fraud alert {AlertId}: {Rule} ({Severity}) on {Subject}", alert.AlertId, alert.Rule,
                alert.Severity, alert.Subject);
        }
    }
}
