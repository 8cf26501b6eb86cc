using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Ontraport.Client.Tests;

/// <summary>
/// The real client (DI, IHttpClientFactory, the resilience handler, SocketsHttpHandler) against a WireMock server on
/// loopback, so every fault crosses a real TCP socket: connection resets, slow headers, bodies cut short, bodies that
/// are not JSON, 429s with and without reset headers, 5xx then success. Each case asserts exactly how many requests
/// the server received. The client's clock is a FakeTimeProvider: attempt timeouts and 429 waits fire when the test
/// advances it, never by waiting on the wall clock.
/// </summary>
public sealed class ResilienceOverSocketTests : IAsyncLifetime
{
    /// <summary>Four attempts of 10 s (plus the test's 1 s overshoot each) fit the default 60 s call budget.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(30);
    private const string FaultHeader = "X-Test-Fault";
    private const string Ok = """{"code":0,"data":[{"id":"1","firstname":"Ada"}],"account_id":187157}""";
    private const string Charged = """{"code":0,"data":{"result_code":1,"transaction_id":"77","invoice_id":5},"account_id":187157}""";

    private readonly SemaphoreSlim _arrived = new(0);
    private int _arrivals;
    private WireMockServer _server = null!;
    private ServiceProvider _services = null!;

    private WatchedTimeProvider Time { get; } = new();

    /// <summary>Requests that reached the server's HTTP pipeline (counted on arrival, before any mapping runs).</summary>
    private int Arrivals => Volatile.Read(ref _arrivals);

    public Task InitializeAsync()
    {
        _server = WireMockServer.Start(new WireMockServerSettings
        {
            Urls = [$"http://127.0.0.1:{FreeLoopbackPort()}"],
            Logger = new WireMockNullLogger(),
            PreWireMockMiddlewareInit = app => ((IApplicationBuilder)app).Use(async (context, next) =>
            {
                Interlocked.Increment(ref _arrivals);
                _arrived.Release();
                context.Response.Body = new FaultingBody(context, context.Response.Body);
                await next(context);
            }),
        });

        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Time);
        services.AddOntraportClient(options =>
        {
            options.BaseAddress = new Uri(_server.Urls[0] + "/1/");
            options.AttemptTimeout = AttemptTimeout;
            options.RetryBaseDelay = TimeSpan.Zero; // no backoff timers: only attempt timeouts and 429 resets move the clock
            options.MaxRetries = 3;
            options.RateLimitPerMinute = 10_000;
        });
        _services = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _server.Stop();
        _server.Dispose();
        _arrived.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A client for an account Ontraport has accepted, so every attempt spends the account's bucket (10,000/min).</summary>
    private OntraportClient Client()
    {
        var credentials = new OntraportCredentials("2_AppID_12345678", "Key5678secret");
        _services.GetRequiredService<Ontraport.Client.RateLimiting.RateLimitPartitions>().Accepted.Accept(credentials);
        return _services.GetRequiredService<OntraportClientFactory>().Create(credentials);
    }

    /// <summary>A contact list read; bounded in real time, so a regression fails instead of hanging.</summary>
    private Task<IReadOnlyList<OntraportRecord>> Read() => Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None).WaitAsync(Bounded);

    /// <summary>A card charge (<c>POST transaction/processManual</c>); bounded like <see cref="Read"/>.</summary>
    private Task<Ontraport.Client.Http.OntraportResponse> Charge() =>
        Client().SendAsync(TransactionRequests.Charge(1, new JsonObject { ["products"] = new JsonArray() }, 1, 1), CancellationToken.None).WaitAsync(Bounded);

    private void Contacts(IResponseBuilder response) =>
        _server.Given(Request.Create().WithPath("/1/objects").UsingGet()).RespondWith(response);

    private void ProcessManual(IResponseBuilder response) =>
        _server.Given(Request.Create().WithPath("/1/transaction/processManual").UsingPost()).RespondWith(response);

    /// <summary>First answer <paramref name="first"/>, every later one <paramref name="then"/>.</summary>
    private void ContactsThen(IResponseBuilder first, IResponseBuilder then)
    {
        _server.Given(Request.Create().WithPath("/1/objects").UsingGet()).InScenario("flaky").WillSetStateTo("recovered").RespondWith(first);
        _server.Given(Request.Create().WithPath("/1/objects").UsingGet()).InScenario("flaky").WhenStateIs("recovered").RespondWith(then);
    }

    private static IResponseBuilder Json(string body, int status = 200) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);

    private static IResponseBuilder Fault(string fault) => Json(Ok).WithHeader(FaultHeader, fault);

    private static void AssertOutcomeUnknown(OntraportException error)
    {
        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Contains("may or may not have taken effect", error.Message, StringComparison.Ordinal);
        Assert.Contains("it was not retried", error.Message, StringComparison.Ordinal);
        Assert.Contains("/1/transaction/processManual", error.Message, StringComparison.Ordinal);
    }

    private async Task ArrivalAsync() => Assert.True(await _arrived.WaitAsync(Bounded), "no request reached WireMock");

    private static T Inner<T>(Exception error)
        where T : Exception
    {
        for (var e = error.InnerException; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} under {error.GetType().Name}: {error}");
    }

    // ---- connection resets ----

    [Fact]
    public async Task A_read_whose_connection_is_reset_is_retried_and_then_reported_unavailable()
    {
        Contacts(Fault("reset"));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Contains("Could not reach Ontraport for GET /1/objects", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Arrivals);
        Assert.Equal(4, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_read_whose_first_connection_is_reset_succeeds_on_the_retry()
    {
        ContactsThen(Fault("reset"), Json(Ok));
        var rows = await Read();
        Assert.Equal("Ada", rows.Single()["firstname"]);
        Assert.Equal(2, Arrivals);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_charge_whose_connection_is_reset_is_sent_once_and_reported_outcome_unknown()
    {
        ProcessManual(Fault("reset").WithBody(Charged));
        var error = await Assert.ThrowsAsync<OntraportException>(Charge);
        AssertOutcomeUnknown(error);
        Assert.Contains("connection to Ontraport broke", error.Message, StringComparison.Ordinal);
        Assert.Equal(SocketError.ConnectionReset, Inner<SocketException>(error).SocketErrorCode); // a real RST, not a mock
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    // ---- slow headers (beyond the per-attempt timeout) ----

    [Fact]
    public async Task A_read_whose_headers_never_come_in_time_is_retried_per_attempt_then_reported_unavailable()
    {
        Contacts(Json(Ok).WithDelay(TimeSpan.FromMilliseconds(300)));
        var call = Read();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await Task.WhenAny(ArrivalAsync(), call);
            Assert.False(call.IsCompleted, $"attempt {attempt}: {call.Exception?.InnerException}");
            Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1)); // the attempt's timeout fires; the server is still "thinking"
        }

        var error = await Assert.ThrowsAsync<OntraportException>(() => call.WaitAsync(Bounded));
        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Contains("did not answer GET /1/objects within 10 s (4 attempts)", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Arrivals);
        await WaitForLogEntriesAsync(4);
    }

    [Fact]
    public async Task A_charge_whose_headers_never_come_in_time_is_sent_once_and_reported_outcome_unknown()
    {
        ProcessManual(Json(Charged).WithDelay(TimeSpan.FromMilliseconds(300)));
        var call = Charge();
        await ArrivalAsync();
        Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<OntraportException>(() => call.WaitAsync(Bounded));
        AssertOutcomeUnknown(error);
        Assert.Contains("did not answer within 10 s", error.Message, StringComparison.Ordinal);
        Time.Advance(TimeSpan.FromMinutes(5)); // nothing is scheduled to try again
        await WaitForLogEntriesAsync(1);
        Assert.Equal(1, Arrivals);
    }

    /// <summary>A delayed mapping is logged when its delay ends (300 ms of real time after it arrived): wait for the log.</summary>
    private async Task WaitForLogEntriesAsync(int expected)
    {
        var logged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, System.Collections.Specialized.NotifyCollectionChangedEventArgs e)
        {
            if (_server.LogEntries.Count() >= expected)
            {
                logged.TrySetResult();
            }
        }

        _server.LogEntriesChanged += OnChanged;
        try
        {
            OnChanged(null, null!);
            await logged.Task.WaitAsync(Bounded);
        }
        finally
        {
            _server.LogEntriesChanged -= OnChanged;
        }

        Assert.Equal(expected, _server.LogEntries.Count());
    }

    // ---- bodies cut short ----

    [Fact]
    public async Task A_read_whose_body_is_cut_short_is_retried_and_the_retry_answers()
    {
        ContactsThen(Fault("truncate"), Json(Ok));
        var rows = await Read();
        Assert.Single(rows);
        Assert.Equal(2, Arrivals);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_charge_whose_answer_is_cut_short_is_sent_once_and_reported_outcome_unknown()
    {
        ProcessManual(Fault("truncate").WithBody(Charged));
        var error = await Assert.ThrowsAsync<OntraportException>(Charge);
        AssertOutcomeUnknown(error);
        Assert.Equal(HttpRequestError.ResponseEnded, Inner<HttpRequestException>(error).HttpRequestError); // headers came, the body fell short
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    // ---- malformed bodies ----

    [Fact]
    public async Task A_read_answered_200_with_something_that_is_not_json_is_an_invalid_response_and_not_retried()
    {
        Contacts(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"code\":0,\"data\":[{\"id\":"));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.InvalidResponse, error.Kind);
        Assert.Contains("something that is not JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_read_answered_with_a_garbled_chunk_is_an_invalid_response()
    {
        Contacts(Json(Ok).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.InvalidResponse, error.Kind);
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_read_answered_with_an_html_error_page_is_retried_and_reported_without_the_html()
    {
        Contacts(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "text/html")
            .WithBody("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>"));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Contains("502", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(4, Arrivals);
        Assert.Equal(4, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_charge_answered_200_with_an_html_page_is_outcome_unknown_and_not_retried()
    {
        ProcessManual(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html><body>Maintenance</body></html>"));
        var error = await Assert.ThrowsAsync<OntraportException>(Charge);
        AssertOutcomeUnknown(error);
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    // ---- 429 ----

    [Fact]
    public async Task A_429_with_a_reset_that_fits_the_budget_is_waited_out_on_the_clock_then_retried()
    {
        ContactsThen(
            Response.Create().WithStatusCode(429).WithHeader("X-Rate-Limit-Remaining", "0").WithHeader("X-Rate-Limit-Reset", "5").WithBody("Too Many Requests"),
            Json(Ok));
        var call = Read();
        await Time.WaitForTimerAsync(delay => delay == TimeSpan.FromSeconds(5)).WaitAsync(Bounded);
        Assert.Equal(1, Arrivals);
        Assert.False(call.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(await call.WaitAsync(Bounded));
        Assert.Equal(2, Arrivals);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_429_with_a_reset_beyond_the_budget_fails_fast_with_retry_after()
    {
        Contacts(Response.Create().WithStatusCode(429).WithHeader("X-Rate-Limit-Remaining", "0").WithHeader("X-Rate-Limit-Reset", "120").WithBody("Too Many Requests"));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Contains("Retry after 120 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task A_429_without_reset_headers_assumes_a_full_minute_fails_fast_and_holds_the_account_back()
    {
        Contacts(Response.Create().WithStatusCode(429).WithBody("Too Many Requests"));
        var error = await Assert.ThrowsAsync<OntraportException>(Read);
        Assert.Equal(OntraportErrorKind.RateLimited, error.Kind);
        Assert.Contains("Retry after a minute", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Arrivals);

        // The bucket now believes the window is spent for a minute: ten seconds on, the next call waits the other 50 on
        // the clock (inside its own 60 s budget) instead of asking the server.
        _server.Reset();
        Contacts(Json(Ok));
        Time.Advance(TimeSpan.FromSeconds(10));
        var next = Read();
        await Time.WaitForTimerAsync(delay => delay == TimeSpan.FromSeconds(50)).WaitAsync(Bounded);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, Arrivals);
        Time.Advance(TimeSpan.FromSeconds(50));
        Assert.Single(await next.WaitAsync(Bounded));
        Assert.Equal(2, Arrivals);
    }

    [Fact]
    public async Task A_429_on_a_charge_is_never_retried_even_when_the_reset_would_fit()
    {
        ProcessManual(Response.Create().WithStatusCode(429).WithHeader("X-Rate-Limit-Remaining", "0").WithHeader("X-Rate-Limit-Reset", "2").WithBody("Too Many Requests"));
        var error = await Assert.ThrowsAsync<OntraportException>(Charge);
        Assert.Equal(OntraportErrorKind.RateLimited, error.Kind);
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
    }

    [Fact]
    public async Task Rate_limit_headers_of_a_success_resync_the_bucket_so_the_next_request_waits_for_the_reset()
    {
        Contacts(Json(Ok).WithHeader("X-Rate-Limit-Remaining", "0").WithHeader("X-Rate-Limit-Reset", "30"));
        Assert.Single(await Read());
        var next = Read();
        await Time.WaitForTimerAsync(delay => delay == TimeSpan.FromSeconds(30)).WaitAsync(Bounded);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, Arrivals);

        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Single(await next.WaitAsync(Bounded));
        Assert.Equal(2, Arrivals);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    // ---- 5xx then success ----

    [Fact]
    public async Task A_read_answered_5xx_then_200_is_retried_once_and_answers()
    {
        ContactsThen(Response.Create().WithStatusCode(503).WithBody("Service Unavailable"), Json(Ok));
        var rows = await Read();
        Assert.Single(rows);
        Assert.Equal(2, Arrivals);
        Assert.Equal(2, _server.LogEntries.Count());
    }

    [Fact]
    public async Task A_charge_answered_5xx_reaches_the_server_exactly_once_and_says_the_outcome_is_unknown()
    {
        _server.Given(Request.Create().WithPath("/1/transaction/processManual").UsingPost()).InScenario("charge").WillSetStateTo("would-succeed")
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("Internal Server Error"));
        _server.Given(Request.Create().WithPath("/1/transaction/processManual").UsingPost()).InScenario("charge").WhenStateIs("would-succeed")
            .RespondWith(Json(Charged));

        var error = await Assert.ThrowsAsync<OntraportException>(Charge);
        AssertOutcomeUnknown(error);
        Assert.Contains("Ontraport answered 500", error.Message, StringComparison.Ordinal);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, Arrivals);
        Assert.Single(_server.LogEntries);
        Assert.Equal("POST", _server.LogEntries.Single().RequestMessage.Method);
    }

    /// <summary>
    /// Wraps the response body of requests whose mapping set <see cref="FaultHeader"/>: <c>reset</c> aborts the connection
    /// before a byte of the answer leaves (the client sees the connection die); <c>truncate</c> sends the headers and half
    /// the body, then aborts (the client sees a body shorter than its Content-Length). Other requests pass through.
    /// </summary>
    private sealed class FaultingBody(HttpContext context, Stream inner) : Stream
    {
        private bool _aborted;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_aborted)
            {
                return;
            }

            var fault = context.Response.Headers[FaultHeader].ToString();
            if (fault.Length == 0)
            {
                await inner.WriteAsync(buffer, cancellationToken);
                return;
            }

            _aborted = true;
            if (fault == "truncate")
            {
                // Promise the whole body, deliver half and end: the server closes the connection after what it sent.
                context.Response.Headers.Remove(FaultHeader);
                context.Response.ContentLength = buffer.Length;
                await inner.WriteAsync(buffer[..(buffer.Length / 2)], cancellationToken);
                await inner.FlushAsync(cancellationToken);
                return;
            }

            context.Abort();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => _aborted ? Task.CompletedTask : inner.FlushAsync(cancellationToken);

        public override void Flush() => FlushAsync().GetAwaiter().GetResult();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
