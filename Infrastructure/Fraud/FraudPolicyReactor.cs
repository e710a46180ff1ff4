using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Domain.Fraud;
using Marten;
using Marten.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ledger.Infrastructure.Fraud;

/// <summary>
/// The fraud policy at work: for each high-severity alert, freezes the wallet or suspends the terminal through
/// the ordinary use cases, as <c>system:fraud-policy</c>, with the alert's event as the cause. The command's
/// idempotency key is derived from the alert id, so a page seen twice (a crash before the checkpoint, a rewind)
/// acts once. An operator reviews and unfreezes or reactivates through the usual endpoints.
/// </summary>
public sealed class FraudPolicyReactor : SubscriptionBase
{
    public const string SubscriptionName = "fraud_policy";

    private readonly IServiceProvider _services;
    private readonly TimeProvider _clock;
    private readonly ILogger<FraudPolicyReactor> _logger;

    // The use cases need the document store, which is being built while this subscription is registered with it:
    // they are resolved when the first alert arrives, not in the constructor (that would wait on itself).
    public FraudPolicyReactor(IServiceProvider services, TimeProvider clock, ILogger<FraudPolicyReactor> logger)
    {
        _services = services;
        _clock = clock;
        _logger = logger;
        Name = SubscriptionName;
        IncludeType<FraudAlertRaised>();
    }

    public override async Task<IChangeListener> ProcessEventsAsync(EventRange page, ISubscriptionController controller,
        IDocumentOperations operations, CancellationToken ct)
    {
        foreach (var e in page.Events)
            if (e.Data is FraudAlertRaised alert)
                await RespondAsync(e, alert, ct);
        return NullChangeListener.Instance;
    }

    private async Task RespondAsync(IEvent source, FraudAlertRaised alert, CancellationToken ct)
    {
        var now = _clock.GetUtcNow();
        var context = new CommandContext(Actor.System(FraudResponse.Component), FraudResponse.IdempotencyKey(alert.AlertId),
            source.CorrelationId ?? alert.AlertId.ToString("N"), source.Id.ToString(), source.Id.ToString("N"), now);
        try
        {
            if (FraudResponse.WalletCommandFor(alert, now) is { } walletCommand)
                await _services.GetRequiredService<WalletUseCases>().HandleAsync(walletCommand, context, ct);
            else if (FraudResponse.TerminalCommandFor(alert, now) is { } terminalCommand)
                await _services.GetRequiredService<MerchantUseCases>().HandleAsync(terminalCommand, context, ct);
            else
                return;
            _logger.LogWarning("Fraud policy acted on alert {AlertId} ({Rule}) for {Subject}", alert.AlertId, alert.Rule, alert.Subject);
        }
        catch (DomainRuleViolation refused)
        {
            // A closed wallet cannot be frozen, nor an unknown terminal suspended: nothing to do but say so.
            _logger.LogWarning("Fraud policy could not act on alert {AlertId} for {Subject}: {Code} {Message}", alert.AlertId,
                alert.Subject, refused.Code, refused.Message);
        }
    }
}
