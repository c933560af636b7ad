using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace TeamsDxBot.Tests.Infrastructure;

/// <summary>
/// A loopback TCP forwarder in front of a service. <see cref="Cut"/> drops every connection and turns new
/// ones away, as an outage would; <see cref="Restore"/> lets them through again. The service behind it
/// keeps running, so nothing it stored is lost.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int target;
    private readonly CancellationTokenSource stop = new();
    private readonly ConcurrentDictionary<Socket, byte> open = new();
    private readonly Task accepting;
    private volatile bool down;

    public OutageProxy(int target)
    {
        this.target = target;
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        accepting = AcceptAsync();
    }

    public int Port { get; }

    public void Cut()
    {
        down = true;
        foreach (var socket in open.Keys)
        {
            socket.Close();
        }
    }

    public void Restore() => down = false;

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (down)
            {
                client.Close();
                continue;
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        open[client] = 0;
        open[upstream] = 0;
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, target, stop.Token);
            await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            open.TryRemove(client, out var _);
            open.TryRemove(upstream, out var _);
            client.Close();
            upstream.Close();
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, stop.Token)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), stop.Token);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        Cut();
        await accepting;
        stop.Dispose();
    }
}
