using Microsoft.Extensions.Configuration;

namespace Ledger.Infrastructure.Messaging;

/// <summary>Where integration events go and how hard the publisher tries.</summary>
public sealed record MessagingOptions
{
    /// <summary>
    /// The broker, as an AMQP URI (<c>amqp://user:password@host:5672/vhost</c>). Null means the
    /// single-machine default: MassTransit's in-memory transport inside this process.
    /// </summary>
    public Uri? RabbitMq { get; init; }

    /// <summary>
    /// Put in front of every exchange and queue name, so several ledgers (or test runs) can share one
    /// broker without reading each other's messages. Empty in a normal deployment.
    /// </summary>
    public string EntityPrefix { get; init; } = "";

    /// <summary>The PostgreSQL schema of the inbox and the consumer tables (the ledger's own).</summary>
    public string Schema { get; init; } = EventStore.MartenSetup.DefaultSchema;

    /// <summary>Longest wait between two publish attempts while the broker is away; also the circuit's break.</summary>
    public TimeSpan PublishMaxBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One publish (with the broker's confirmation) may take this long before it counts as failed.</summary>
    public TimeSpan PublishAttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Reads <c>ConnectionStrings:RabbitMq</c> and <c>Messaging:EntityPrefix</c>.</summary>
    public static MessagingOptions FromConfiguration(IConfiguration configuration) => new()
    {
        RabbitMq = configuration.GetConnectionString("RabbitMq") is { Length: > 0 } uri ? new Uri(uri) : null,
        EntityPrefix = configuration["Messaging:EntityPrefix"] ?? "",
    };
}
