using System.Net;
using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>DESIGN §3.2: retries only for requests that are safe to repeat; a request that creates a record goes out once.</summary>
public class RetryRulesTests
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(20);

    private static void Options(OntraportClientOptions options)
    {
        options.AttemptTimeout = AttemptTimeout;
        options.RetryBaseDelay = TimeSpan.Zero; // no backoff timers: the only timers are the attempt timeouts
        options.MaxRetries = 3;
    }

    /// <summary>Answers from a script; "hang" parks the request until it is cancelled.</summary>
    private sealed class Script(params Func<HttpResponseMessage?>[] steps)
    {
        private int _calls;
        private readonly SemaphoreSlim _entered = new(0);

        public async Task<HttpResponseMessage> Respond(RecordedRequest request, CancellationToken cancellationToken)
        {
            var step = steps[Math.Min(Interlocked.Increment(ref _calls) - 1, steps.Length - 1)]();
            _entered.Release();
            if (step is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return step!;
        }

        public Task EnteredAsync() => _entered.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static HttpResponseMessage? Hang() => null;

    private static HttpResponseMessage Ok() => RecordingHandler.Envelope("""{"id":"1","name":"Acme Corp"}""");

    [Fact]
    public async Task A_create_whose_first_attempt_times_out_is_sent_exactly_once_and_reported_as_outcome_unknown()
    {
        var script = new Script(Hang, Ok);
        await using var harness = ClientHarness.Create(script.Respond, Options);
        var call = harness.Client().Objects.CreateAsync(ObjectRequests.Create(150, new JsonObject { ["name"] = "Acme Corp" }), CancellationToken.None);

        await script.EnteredAsync();
        harness.Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1));
        var error = await Assert.ThrowsAsync<OntraportException>(() => call);

        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Contains("not retried", error.Message, StringComparison.Ordinal);
        harness.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried()
    {
        var script = new Script(Hang, () => RecordingHandler.Envelope("[]"));
        await using var harness = ClientHarness.Create(script.Respond, Options);
        var call = harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None);

        await script.EnteredAsync();
        harness.Time.Advance(AttemptTimeout + TimeSpan.FromSeconds(1));
        Assert.Empty(await call);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_read_answered_5xx_is_retried_then_reported_unavailable()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.BadGateway, "bad gateway")), Options);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Equal(4, harness.Requests.Count);
    }

    [Theory]
    [InlineData("POST objects")]
    [InlineData("POST objects/saveorupdate")]
    public async Task A_record_creating_write_answered_5xx_is_not_retried(string which)
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.InternalServerError, "oops")), Options);
        var request = which == "POST objects"
            ? ObjectRequests.Create(0, new JsonObject { ["email"] = "a@b.co" })
            : ObjectRequests.SaveOrUpdate(0, [new("email", "a@b.co")]);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().SendAsync(request, CancellationToken.None));
        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task An_idempotent_write_answered_5xx_is_retried()
    {
        var calls = 0;
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? RecordingHandler.Text(HttpStatusCode.ServiceUnavailable, "busy")
            : RecordingHandler.Envelope("""{"attrs":{"id":"3","dlm":"1"}}""")), Options);
        var changed = await harness.Client().Objects.UpdateAsync(ObjectRequests.Update(0, 3, new JsonObject { ["city"] = "Austin" }), CancellationToken.None);
        Assert.Equal(3, changed.Id);
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_429_whose_reset_fits_the_budget_is_waited_out_then_retried()
    {
        var calls = 0;
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? RecordingHandler.Text(HttpStatusCode.TooManyRequests, "Too Many Requests", remaining: 0, reset: 5)
            : RecordingHandler.Envelope("[]")), Options);
        var call = harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None);

        await harness.Time.WaitForTimerAsync(delay => delay == TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Single(harness.Requests);
        harness.Time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(await call.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, harness.Requests.Count);
    }

    [Fact]
    public async Task A_429_whose_reset_exceeds_the_budget_fails_fast_with_retry_after()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.TooManyRequests, "Too Many Requests", remaining: 0, reset: 120)), Options);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Contains("120 s", error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_429_on_a_create_is_never_retried()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.TooManyRequests, "Too Many Requests", remaining: 0, reset: 2)), Options);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().SendAsync(ObjectRequests.Create(0, new JsonObject()), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.RateLimited, error.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_connection_refused_before_sending_is_unavailable_not_outcome_unknown()
    {
        await using var harness = ClientHarness.Create((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"), Options);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().SendAsync(ObjectRequests.Create(0, new JsonObject()), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.Unavailable, error.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task A_connection_that_breaks_after_sending_a_create_is_outcome_unknown()
    {
        await using var harness = ClientHarness.Create((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "reset"), Options);
        var error = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().SendAsync(ObjectRequests.Create(0, new JsonObject()), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.OutcomeUnknown, error.Kind);
        Assert.Single(harness.Requests);
    }

    [Fact]
    public async Task Each_client_counts_its_own_upstream_requests()
    {
        await using var harness = ClientHarness.Answering("[]", Options);
        var first = harness.Client();
        var second = harness.Client();
        await first.Objects.ListAsync(0, new ListOptions(), CancellationToken.None);
        await first.Objects.ListAsync(0, new ListOptions(), CancellationToken.None);
        await second.Objects.ListAsync(0, new ListOptions(), CancellationToken.None);
        Assert.Equal(2, first.RequestCount);
        Assert.Equal(1, second.RequestCount);
    }

    [Fact]
    public void Effects_of_the_route_table_match_the_money_and_records_rule()
    {
        Assert.Equal(RequestEffect.NonIdempotentWrite, ObjectRequests.Create(0, new JsonObject()).Effect);
        Assert.Equal(RequestEffect.NonIdempotentWrite, ObjectRequests.SaveOrUpdate(0, []).Effect);
        Assert.Equal(RequestEffect.IdempotentWrite, ObjectRequests.Delete(0, 1).Effect);
        Assert.Equal(RequestEffect.Read, ObjectRequests.List(0, new ListOptions()).Effect);
    }
}
