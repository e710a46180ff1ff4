using MassTransit;

namespace Ledger.Infrastructure.Messaging.Transport;

/// <summary>Connects the bus to the broker named by an AMQP URI (user and password in the URI, vhost as its path).</summary>
public static class RabbitMqHost
{
    public static void Configure(IRabbitMqBusFactoryConfigurator rabbit, Uri broker)
    {
        var credentials = Uri.UnescapeDataString(broker.UserInfo).Split(':', 2);
        var vhost = Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
        var port = broker.IsDefaultPort || broker.Port <= 0 ? 5672 : broker.Port;
        rabbit.Host(broker.Host, (ushort)port, vhost.Length == 0 ? "/" : vhost, host =>
        {
            if (credentials[0].Length > 0) host.Username(credentials[0]);
            if (credentials.Length > 1) host.Password(credentials[1]);
        });
    }
}
