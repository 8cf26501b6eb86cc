using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Ontraport.Client.Diagnostics;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ontraport.Client.Http;

/// <summary>
/// The resilience pipeline of the named Ontraport HttpClient (<c>AddResilienceHandler</c>), one instance per kind of
/// request, chosen from the <see cref="RequestEffect"/> that travels with each message (DESIGN §3.2):
/// <list type="bullet">
/// <item><see cref="Repeatable"/> (reads, idempotent writes): retry with jittered exponential backoff on 5xx, timeouts
/// and connection faults; a 429 is waited out for <c>X-Rate-Limit-Reset</c> seconds only when that fits the call's
/// deadline; then one rate-limit permit and a per-attempt timeout for every attempt.</item>
/// <item><see cref="Once"/> (<see cref="RequestEffect.NonIdempotentWrite"/>: anything that can create a record or move
/// money): no retry strategy at all, so it is sent exactly once whatever happens; permit and per-attempt timeout only.</item>
/// </list>
/// Time comes from the DI <see cref="TimeProvider"/>; telemetry (meter <c>Polly</c>) from the standard registration.
/// </summary>
internal static class OntraportResilience
{
    public const string PipelineName = "effect-aware";

    /// <summary>The name the pipeline carries in telemetry (<c>pipeline.name</c>): the HttpClient's name, then ours.</summary>
    public const string QualifiedPipelineName = OntraportTransport.HttpClientName + "-" + PipelineName;
    public const string Repeatable = "repeatable";
    public const string Once = "once";

    public static string InstanceFor(HttpRequestMessage message) =>
        OntraportExchange.Of(message)?.Request.Effect is RequestEffect.Read or RequestEffect.IdempotentWrite ? Repeatable : Once;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, ResilienceHandlerContext context)
    {
        var options = context.ServiceProvider.GetRequiredService<IOptions<OntraportClientOptions>>().Value;
        var time = context.ServiceProvider.GetRequiredService<TimeProvider>();
        builder.TimeProvider = time;

        if (context.InstanceName == Repeatable && options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context, time)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } limited
                        ? OntraportAttemptHandler.RateLimitReset(limited) ?? TimeSpan.FromSeconds(1)
                        : (TimeSpan?)null),
            });
        }

        builder.AddStrategy(_ => new PermitStrategy(time), new PermitStrategyOptions());
        builder.AddTimeout(options.AttemptTimeout);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context, TimeProvider time)
    {
        var exchange = OntraportExchange.Of(context);
        if (exchange is null || exchange.Request.Effect == RequestEffect.NonIdempotentWrite)
        {
            return false; // never repeat what can create a record or move money, even if it reached this pipeline
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException or TimeoutRejectedException;
        }

        var response = outcome.Result!;
        if ((int)response.StatusCode >= 500)
        {
            return true;
        }

        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // Wait out a 429 only if the reset fits in what is left of the call's budget; otherwise fail fast.
            var reset = OntraportAttemptHandler.RateLimitReset(response) ?? TimeSpan.FromSeconds(60);
            return time.GetUtcNow() + reset < exchange.Deadline;
        }

        return false;
    }

    private sealed class PermitStrategyOptions : ResilienceStrategyOptions
    {
        public PermitStrategyOptions() => Name = "AccountRateLimit";
    }

    /// <summary>Takes one of the account's rate-limit permits before every attempt (outside the attempt's timeout).</summary>
    private sealed class PermitStrategy(TimeProvider time) : ResilienceStrategy<HttpResponseMessage>
    {
        /// <summary>The one place where every rate-limit wait ends with a permit (local or shared limiter alike).</summary>
        private static void PermitGranted(TimeSpan waited)
        {
            if (OntraportTelemetry.Recording)
            {
                OntraportTelemetry.LimiterWait.Record(waited.TotalSeconds);
            }
        }

        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            if (OntraportExchange.Of(context) is { } exchange)
            {
                exchange.WaitingForPermit = true;
                var started = time.GetTimestamp();
                try
                {
                    await exchange.Limiter.AcquireAsync(exchange.Deadline, exchange.Call.Progress, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                }
                catch (Exception ex) when (ex is OperationCanceledException or OntraportException)
                {
                    return Outcome.FromException<HttpResponseMessage>(ex);
                }

                exchange.WaitingForPermit = false;
                PermitGranted(time.GetElapsedTime(started));
            }

            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}
