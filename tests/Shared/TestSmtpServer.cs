using System.Buffers;
using System.IO.Pipelines;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace DailyPapers.TestSupport;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free loopback port. It keeps every
/// message it accepts; <see cref="Respond"/> can make it answer with a temporary or permanent failure instead.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;
    private readonly Store _store;

    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages => _store.Messages;

    /// <summary>Decides the reply per message; null accepts it.</summary>
    public Func<MimeMessage, SmtpResponse?>? Respond { get => _store.Respond; set => _store.Respond = value; }

    public TestSmtpServer()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        _store = new Store();
        services.Add(_store);
        services.Add(new NoDelayListenerFactory());
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_cts.Token);
    }

    public IEnumerable<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(x => string.Equals(x.Address, address, StringComparison.OrdinalIgnoreCase)));

    /// <summary>Waits (up to <paramref name="timeout"/>) for a message matching the predicate.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            var m = Messages.FirstOrDefault(match);
            if (m is not null) return m;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no matching mail arrived; {Messages.Count} messages so far: {string.Join("; ", Messages.Select(m => m.Subject))}");
    }

    public async ValueTask DisposeAsync()
    {
        _cts.Cancel();
        _server.Shutdown();
        try { await _running.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { /* shutting down */ }
        _cts.Dispose();
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public readonly ConcurrentQueue<MimeMessage> Messages = new();
        public Func<MimeMessage, SmtpResponse?>? Respond;

        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, ct);
            if (Respond?.Invoke(message) is { } refusal) return Task.FromResult(refusal);
            Messages.Enqueue(message);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>
    /// Accepts with Nagle's algorithm off: otherwise each small reply of the server waits for the client's delayed
    /// ACK (~40 ms) and a test that sends thousands of mails takes a minute. Production MTAs reply without that delay.
    /// </summary>
    private sealed class NoDelayListenerFactory : SmtpServer.Net.IEndpointListenerFactory
    {
        public SmtpServer.Net.IEndpointListener CreateListener(IEndpointDefinition endpoint) => new Listener(endpoint);

        private sealed class Listener : SmtpServer.Net.IEndpointListener
        {
            private readonly TcpListener _listener;

            public Listener(IEndpointDefinition endpoint)
            {
                _listener = new TcpListener(endpoint.Endpoint);
                _listener.Start();
            }

            public async Task<SmtpServer.IO.ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken ct)
            {
                var client = await _listener.AcceptTcpClientAsync(ct);
                client.NoDelay = true;
                context.Properties[SmtpServer.Net.EndpointListener.RemoteEndPointKey] = client.Client.RemoteEndPoint!;
                return new Pipe(client);
            }

            public void Dispose() => _listener.Stop();
        }

        private sealed class Pipe(TcpClient client) : SmtpServer.IO.ISecurableDuplexPipe
        {
            private readonly NetworkStream _stream = client.GetStream();
            public PipeReader Input { get; } = PipeReader.Create(client.GetStream());
            public PipeWriter Output { get; } = PipeWriter.Create(client.GetStream());
            public bool IsSecure => false;
            public System.Security.Authentication.SslProtocols SslProtocol => System.Security.Authentication.SslProtocols.None;

            public Task UpgradeAsync(System.Security.Cryptography.X509Certificates.X509Certificate certificate, System.Security.Authentication.SslProtocols protocols, CancellationToken ct = default) =>
                throw new NotSupportedException("the test SMTP server offers no TLS");

            public void Dispose()
            {
                _stream.Dispose();
                client.Dispose();
            }
        }
    }
}
