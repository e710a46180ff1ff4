using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Integration.Tests.Support;

/// <summary>
/// A TCP forwarder between the service and the real PostgreSQL that can play a network outage: cutting
/// resets every open connection and closes the listening port (new connections are refused), restoring
/// listens on the same port again. Only the service behind it loses its database; the shared server and
/// everyone else's connections are untouched.
/// </summary>
public sealed class TcpOutage : IAsyncDisposable
{
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly Lock _gate = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private TcpOutage(string upstreamHost, int upstreamPort)
    {
        _upstreamHost = upstreamHost;
        _upstreamPort = upstreamPort;
    }

    public int Port { get; private set; }

    public bool IsCut { get; private set; }

    /// <summary>Starts forwarding from a free local port to the upstream server.</summary>
    public static TcpOutage Start(string upstreamHost, int upstreamPort)
    {
        var outage = new TcpOutage(upstreamHost, upstreamPort);
        outage.Listen(0);
        return outage;
    }

    /// <summary>Connections (client and upstream sides counted apart) that cuts have reset so far.</summary>
    public int ResetByCuts { get; private set; }

    /// <summary>Resets every forwarded connection and refuses new ones until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_gate)
        {
            IsCut = true;
            _listener?.Stop();
            _listener = null;
            foreach (var socket in _open.Keys)
                if (Reset(socket)) ResetByCuts++;
        }
    }

    public void Restore()
    {
        lock (_gate)
        {
            if (!IsCut) return;
            Listen(Port);
            IsCut = false;
        }
    }

    private void Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _accepting = AcceptAsync(listener);
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            Socket client;
            try { client = await listener.AcceptSocketAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; } // stopped by Cut
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort);
            // A cut that raced with this connect must not leave a live pair behind.
            if (IsCut) return;
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        finally
        {
            Reset(client);
            Reset(upstream);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) return;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
    }

    /// <summary>Closes with RST (linger 0), the way a dead network path or a killed peer looks to the driver.</summary>
    private bool Reset(Socket socket)
    {
        if (!_open.TryRemove(socket, out _)) return false;
        try { socket.LingerState = new LingerOption(true, 0); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        socket.Dispose();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        Cut();
        await _accepting;
    }
}
