using Ledger.Domain.Fraud;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Fraud;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Publishing;
using Ledger.Integration.Tests.Messaging.Support;

namespace Ledger.Integration.Tests.Fraud;

public sealed class TerminalFaceAttackTests
{
    [Fact]
    public async Task Five_failed_faces_at_one_terminal_within_a_minute_raise_a_high_alert_and_the_policy_suspends_the_terminal()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchantId, terminalId) = await fraud.Ledger.MerchantWithTerminalAsync();
        var start = DateTimeOffset.UtcNow;
        var failures = new List<Guid>();
        for (var n = 0; n < 5; n++)
            failures.Add(await fraud.FailedFaceAsync(merchantId, terminalId, start.AddSeconds(12 * n)));

        using var daemon = await fraud.StartDaemonAsync();
        await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<Terminal>(terminalId))?.Status == TerminalStatus.Suspended,
            "terminal suspended");

        var alert = Assert.Single(await fraud.AlertsAsync());
        var raised = Assert.IsType<FraudAlertRaised>(alert.Data);
        Assert.Equal((FraudRuleNames.TerminalFaceFailures, FraudSeverity.High), (raised.Rule, raised.Severity));
        Assert.Equal(FraudSubject.Terminal(terminalId), raised.Subject);
        Assert.Equal(failures, raised.Evidence.EventIds);
        Assert.Equal(raised.AlertId, alert.StreamId);
        Assert.Equal(failures[^1].ToString(), alert.CausationId);

        var published = Assert.IsType<FraudAlertRaisedIntegrationEvent>(IntegrationEventTranslation.Translate(alert));
        Assert.Equal((raised.AlertId, "terminal", terminalId, "High", alert.Id), (published.AlertId, published.SubjectKind,
            published.SubjectId, published.Severity, published.SourceEventId));
        Assert.Equal(failures, published.EvidenceEventIds);

        var suspended = (await fraud.EventsOfAsync(terminalId)).Single(e => e.Data is TerminalSuspended);
        Assert.Equal(alert.Id.ToString(), suspended.CausationId);
        Assert.Equal("system:fraud-policy", suspended.Headers![EventHeaders.Actor]?.ToString());
        Assert.Contains(raised.AlertId.ToString(), ((TerminalSuspended)suspended.Data).Reason);

        await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<TerminalFraudView>(terminalId))?.Activity.Alerts == 1,
            "terminal view shows the alert");
        var view = (await fraud.LoadAsync<TerminalFraudView>(terminalId))!.Activity;
        Assert.Equal((5, 5, 1), (view.FaceFailures, view.LastMinute.FaceFailures, view.HighAlerts));
        Assert.Equal([raised.AlertId], view.RecentAlertIds);
        await Eventually.HoldsAsync(async () => await fraud.LoadAsync<FraudAlertView>(raised.AlertId) is not null, "alert listed");
    }

    [Fact]
    public async Task Four_failed_faces_within_a_minute_raise_nothing_and_leave_the_terminal_active()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchantId, terminalId) = await fraud.Ledger.MerchantWithTerminalAsync();
        var start = DateTimeOffset.UtcNow;
        for (var n = 0; n < 4; n++)
            await fraud.FailedFaceAsync(merchantId, terminalId, start.AddSeconds(12 * n));
        // After a minute and more: a fifth failure outside the first one's window.
        await fraud.FailedFaceAsync(merchantId, terminalId, start.AddSeconds(61));
        var lastSequence = await fraud.ScalarAsync("select max(seq_id) from ledger.mt_events");

        using var daemon = await fraud.StartDaemonAsync();
        await fraud.CaughtUpAsync(FraudRuleRunner.SubscriptionName, lastSequence);
        await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<TerminalFraudView>(terminalId))?.Activity.FaceFailures == 5,
            "terminal view counts five failures");

        Assert.Empty(await fraud.AlertsAsync());
        Assert.Equal(TerminalStatus.Active, (await fraud.LoadAsync<Terminal>(terminalId))!.Status);
        Assert.Equal(4, (await fraud.LoadAsync<TerminalFraudView>(terminalId))!.Activity.LastMinute.FaceFailures);
    }
}
