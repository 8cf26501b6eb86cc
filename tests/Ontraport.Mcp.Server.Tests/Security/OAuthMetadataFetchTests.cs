using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Mcp.Server.Tests.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, medium: the client ID metadata document fetcher. A <c>client_id</c> that is an https URL makes this server
/// fetch it, so whoever starts an authorization chooses an address this server connects to. No address with an IPv6 scope
/// ID, none in IANA's special-purpose registries, never through a proxy; one deadline for the whole fetch, body included;
/// nothing stored for a document that failed, failures cached, fetches limited per client, applications nobody used
/// removed; the client reads a generic sentence and the reason goes to the log.
/// </summary>
public sealed class OAuthMetadataFetchTests
{
    private const string Redirect = "https://chatgpt.example/connector_platform_oauth_redirect";

    [Theory]
    [InlineData("::1%1")]                          // loopback with a scope ID: IPAddress.IsLoopback said no
    [InlineData("fe80::1%2")]
    [InlineData("2606:4700:4700::1111%1")]         // even a public address, when it carries a scope ID
    [InlineData("::7f00:1")]                       // ::/96, IPv4-compatible 127.0.0.1
    [InlineData("::ffff:127.0.0.1")]               // IPv4-mapped
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]                // NAT64 of 127.0.0.1
    [InlineData("64:ff9b:1::a00:1")]               // local-use NAT64
    [InlineData("2002:7f00:1::1")]                 // 6to4 of 127.0.0.1
    [InlineData("2001::1")]                        // Teredo
    [InlineData("2001:2::1")]                      // benchmarking
    [InlineData("2001:db8::1")]                    // documentation
    [InlineData("3fff::1")]                        // documentation
    [InlineData("100::1")]                         // discard-only
    [InlineData("5f00::1")]                        // SRv6 SIDs
    [InlineData("fc00::1")]
    [InlineData("fd00::2")]                        // unique local (this machine has one)
    [InlineData("fe80::fc:ff:fe00:1")]
    [InlineData("fec0::1")]                        // deprecated site-local
    [InlineData("ff02::1")]                        // multicast
    [InlineData("::")]
    [InlineData("4000::1")]                        // not global unicast (outside 2000::/3)
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.1.2.3")]
    [InlineData("100.64.0.1")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")]                // cloud metadata
    [InlineData("172.16.0.1")]
    [InlineData("192.0.0.1")]                      // IETF protocol assignments
    [InlineData("192.0.0.9")]
    [InlineData("192.0.2.1")]
    [InlineData("192.31.196.1")]
    [InlineData("192.52.193.1")]
    [InlineData("192.88.99.1")]
    [InlineData("192.168.1.1")]
    [InlineData("192.175.48.1")]
    [InlineData("198.18.0.1")]                     // benchmarking
    [InlineData("198.19.255.254")]
    [InlineData("198.51.100.1")]
    [InlineData("203.0.113.1")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("255.255.255.255")]
    public void Special_purpose_and_scoped_addresses_are_never_fetched(string address) =>
        Assert.False(MetadataFetchHandler.IsPublic(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("198.20.0.1")]                     // just past 198.18.0.0/15
    [InlineData("192.0.1.1")]                      // just past 192.0.0.0/24
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2003::1")]                        // just past 2002::/16
    public void Public_addresses_are_fetched(string address) =>
        Assert.True(MetadataFetchHandler.IsPublic(IPAddress.Parse(address)), address);

    [Fact]
    public void The_fetch_never_goes_through_a_proxy()
    {
        // With a proxy (HTTPS_PROXY), the connect callback would see, and check, the proxy's address instead of the target's.
        using var handler = MetadataFetchHandler.Create();
        Assert.False(handler.UseProxy);
        Assert.False(handler.AllowAutoRedirect);
    }

    [Fact]
    public async Task A_client_id_with_an_IPv6_scope_ID_never_reaches_a_loopback_listener()
    {
        using var listener = new TcpListener(IPAddress.IPv6Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();

        await using var host = await OAuthHost.StartAsync(); // the real fetcher
        var clientId = $"https://[::1%251]:{port}/client.json";
        var (_, challenge) = OAuthHost.Pkce();
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(accepted.IsCompleted, "the fetcher connected to [::1] through its scope ID");
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Fact]
    public async Task A_body_that_trickles_is_cut_at_the_deadline_on_the_servers_clock()
    {
        var clock = new FakeClock(TimeProvider.System.GetUtcNow());
        await using var slow = await TricklingServer.StartAsync();
        const string clientId = "https://slow.example/client.json";
        await using var host = await OAuthHost.StartAsync(slow.Handler(clientId), services: s => s.AddSingleton<TimeProvider>(clock));

        var (_, challenge) = OAuthHost.Pkce();
        var fetching = host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        await slow.BodyStarted.WaitAsync(TimeSpan.FromSeconds(30)); // bounds only a failing run
        await clock.WaitForTimerAsync(d => d == ClientRegistry.FetchDeadline).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(fetching.IsCompleted);

        clock.Advance(ClientRegistry.FetchDeadline);
        using var response = await fetching.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await slow.Closed.WaitAsync(TimeSpan.FromSeconds(30)); // the connection is let go, and with it the fetch gate
        Assert.Equal(0, await host.ApplicationCountAsync());
        Assert.True(ClientRegistry.FetchDeadline <= TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("not-utf8")]
    [InlineData("lone-surrogate")]
    public async Task A_failed_document_is_a_generic_400_stores_nothing_and_logs_its_reason(string flaw)
    {
        const string clientId = "https://bad.example/client.json";
        var documents = new MetadataDocuments();
        var logs = new LogLines();
        switch (flaw)
        {
            case "not-utf8": documents.SetBytes(clientId, [.. Encoding.UTF8.GetBytes("{\"client_id\":\"" + clientId + "\",\"client_name\":\"A"), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\",\"redirect_uris\":[\"" + Redirect + "\"]}")]); break;
            case "lone-surrogate": documents.SetRaw(clientId, "{\"client_id\":\"" + clientId + "\",\"client_name\":\"A\\ud800\",\"redirect_uris\":[\"" + Redirect + "\"]}"); break;
            default: break;
        }

        await using var host = await OAuthHost.StartAsync(documents, services: logs.AddTo);
        var (_, challenge) = OAuthHost.Pkce();
        using var response = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(clientId, Redirect, challenge));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("metadata document", body, StringComparison.Ordinal);
        Assert.DoesNotContain("404", body, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-8", body, StringComparison.Ordinal);
        Assert.Equal(0, await host.ApplicationCountAsync());
        var reason = flaw switch { "missing" => "answered 404", "not-utf8" => "UTF-8", _ => "Unicode" };
        Assert.Contains(logs.Lines, l => l.Contains("bad.example", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failures_are_cached_and_their_log_lines_throttled_per_host()
    {
        var clock = new FakeClock(TimeProvider.System.GetUtcNow());
        var documents = new MetadataDocuments();
        var logs = new LogLines();
        await using var host = await OAuthHost.StartAsync(documents, services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            logs.AddTo(s);
        });

        var (_, challenge) = OAuthHost.Pkce();
        for (var i = 0; i < 3; i++)
        {
            using var again = await host.Http.GetAsync(OAuthHost.AuthorizeUrl("https://gone.example/a.json", Redirect, challenge));
            Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        }

        Assert.Equal(1, documents.Fetches("https://gone.example/a.json")); // the failure is remembered
        using (var other = await host.Http.GetAsync(OAuthHost.AuthorizeUrl("https://gone.example/b.json", Redirect, challenge)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, other.StatusCode);
        }

        Assert.Single(logs.Lines, l => l.Contains("gone.example", StringComparison.Ordinal)); // one line a minute per host

        clock.Advance(ClientRegistry.FailureLifetime);
        using (var later = await host.Http.GetAsync(OAuthHost.AuthorizeUrl("https://gone.example/a.json", Redirect, challenge)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, later.StatusCode);
        }

        Assert.Equal(2, documents.Fetches("https://gone.example/a.json"));
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("gone.example", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task One_client_address_fetches_a_bounded_number_of_documents_a_minute()
    {
        var documents = new MetadataDocuments();
        for (var i = 0; i <= ClientRegistry.FetchesPerMinute; i++)
        {
            var url = $"https://many.example/client-{i}.json";
            documents.Set(url, new { client_id = url, client_name = "Many " + i, redirect_uris = new[] { Redirect } });
        }

        await using var host = await OAuthHost.StartAsync(documents);
        var (_, challenge) = OAuthHost.Pkce();
        for (var i = 0; i < ClientRegistry.FetchesPerMinute; i++)
        {
            using var ok = await host.Http.GetAsync(OAuthHost.AuthorizeUrl($"https://many.example/client-{i}.json", Redirect, challenge));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var last = $"https://many.example/client-{ClientRegistry.FetchesPerMinute}.json";
        using var refused = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(last, Redirect, challenge));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(0, documents.Fetches(last));
        Assert.Equal(ClientRegistry.FetchesPerMinute, await host.ApplicationCountAsync());

        // A document already fetched costs no fetch, so it is not limited.
        using var cached = await host.Http.GetAsync(OAuthHost.AuthorizeUrl("https://many.example/client-0.json", Redirect, challenge));
        Assert.Equal(HttpStatusCode.OK, cached.StatusCode);
    }

    [Fact]
    public async Task Applications_that_never_got_a_token_are_removed_after_a_while_and_used_ones_stay()
    {
        var clock = new FakeClock(TimeProvider.System.GetUtcNow());
        const string documentClient = "https://once.example/client.json";
        var documents = new MetadataDocuments();
        documents.Set(documentClient, new { client_id = documentClient, client_name = "Once", redirect_uris = new[] { Redirect } });
        await using var host = await OAuthHost.StartAsync(documents, services: s => s.AddSingleton<TimeProvider>(clock));

        var abandoned = await host.RegisterAsync(Redirect, "Abandoned");
        var used = await host.RegisterAsync(Redirect, "Used");
        await host.SignInAsync(used, Redirect, "app-used");
        var (_, challenge) = OAuthHost.Pkce();
        using (var page = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(documentClient, Redirect, challenge)))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode); // stored, never signed in through
        }

        Assert.Equal(3, await host.ApplicationCountAsync());
        clock.Advance(ClientRegistry.UnusedApplicationLifetime + TimeSpan.FromMinutes(1));
        var fresh = await host.RegisterAsync(Redirect, "Fresh"); // storing an application sweeps the old unused ones

        var left = await ClientIdsAsync(host);
        Assert.Equal(new[] { fresh, used }.Order(StringComparer.Ordinal), left.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(abandoned, left);

        // A removed document client is fetched again when it comes back, like a new one.
        using var back = await host.Http.GetAsync(OAuthHost.AuthorizeUrl(documentClient, Redirect, challenge));
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
    }

    private static async Task<List<string>> ClientIdsAsync(OAuthHost host)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OAuthDbContext>();
        return await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().Select(a => a.ClientId!).ToListAsync();
    }

    /// <summary>Everything logged under the OAuth namespace, rendered.</summary>
    private sealed class LogLines : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogLines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (category.StartsWith("Ontraport.Mcp.Server.OAuth", StringComparison.Ordinal))
                {
                    owner._lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
                }
            }
        }
    }

    /// <summary>
    /// A web server on loopback that answers the document's headers and the first bytes of its body, then sends nothing
    /// more and keeps the connection open, as a slow or hostile host would. The fetcher reaches it through a handler that
    /// sends the https client ID's request there (the real fetcher refuses loopback, rightly).
    /// </summary>
    private sealed class TricklingServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _bodyStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Task _serving = Task.CompletedTask;

        public Task BodyStarted => _bodyStarted.Task;

        public Task Closed => _closed.Task;

        public static Task<TricklingServer> StartAsync()
        {
            var server = new TricklingServer();
            server._listener.Start();
            server._serving = server.ServeAsync();
            return Task.FromResult(server);
        }

        public HttpMessageHandler Handler(string clientId) => new Rewrite(new Uri(clientId), ((IPEndPoint)_listener.LocalEndpoint).Port);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }

            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            await using var stream = client.GetStream();
            var buffer = new byte[8192];
            var request = new StringBuilder();
            while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    _closed.TrySetResult();
                    return;
                }

                request.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"client_id\":"), _stop.Token);
            await stream.FlushAsync(_stop.Token);
            _bodyStarted.TrySetResult();
            try
            {
                while (await stream.ReadAsync(buffer, _stop.Token) > 0)
                {
                }
            }
            catch (IOException)
            {
            }

            _closed.TrySetResult();
        }

        private sealed class Rewrite(Uri from, int port) : DelegatingHandler(new SocketsHttpHandler { UseProxy = false })
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Assert.Equal(from, request.RequestUri);
                request.RequestUri = new Uri($"http://127.0.0.1:{port}{from.PathAndQuery}");
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
