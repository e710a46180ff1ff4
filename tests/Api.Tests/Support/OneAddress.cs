using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// Several API processes behind one address, as behind a balancer without sticky sessions, with the test choosing which
/// process serves: a TCP forwarder on one loopback port to the chosen process's port. <see cref="Serve"/> closes every
/// open connection, so the browser's next request (keep-alive or not) reaches the new choice and nothing of the old one.
/// A browser sees one origin throughout: one set of cookies, and forms whose <c>form-action 'self'</c> holds.
/// </summary>
internal sealed class OneAddress : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentDictionary<Socket, byte> _open = new();
    private readonly ConcurrentDictionary<int, int> _connections = new();
    private readonly Task _accepting;
    private volatile int _target;

    public OneAddress(Uri first)
    {
        _target = first.Port;
        _listener.Start();
        Address = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _accepting = AcceptAsync();
    }

    public string Address { get; }

    /// <summary>From now on every request goes to the process at <paramref name="node"/>; open connections are closed.</summary>
    public void Serve(Uri node)
    {
        _target = node.Port;
        foreach (var socket in _open.Keys) Close(socket);
    }

    /// <summary>How many connections were forwarded to the process at <paramref name="node"/>.</summary>
    public int ConnectionsTo(Uri node) => _connections.GetValueOrDefault(node.Port);

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
            _ = ForwardAsync(client, _target);
        }
    }

    private async Task ForwardAsync(Socket client, int port)
    {
        var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp);
        _open[client] = 0;
        _open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, port);
            _connections.AddOrUpdate(port, 1, (_, n) => n + 1);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        finally
        {
            Close(client);
            Close(upstream);
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

    private void Close(Socket socket)
    {
        if (!_open.TryRemove(socket, out _)) return;
        try { socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        socket.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        foreach (var socket in _open.Keys) Close(socket);
        await _accepting;
    }
}
