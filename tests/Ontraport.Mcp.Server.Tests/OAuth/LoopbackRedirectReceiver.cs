using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// The client's end of the redirect, as a native app has it (RFC 8252 §7.3): a loopback listener at
/// <c>http://127.0.0.1:PORT/callback</c> that records every query it receives and tells the user they may close the
/// window.
/// </summary>
public sealed class LoopbackRedirectReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<IQueryCollection> _received = new();
    private readonly TaskCompletionSource<IQueryCollection> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoopbackRedirectReceiver(WebApplication app) => _app = app;

    public Uri RedirectUri { get; private set; } = null!;

    /// <summary>Every redirect that reached the client so far.</summary>
    public IReadOnlyCollection<IQueryCollection> Received => _received;

    /// <summary>Completes with the first redirect that reaches the client.</summary>
    public Task<IQueryCollection> FirstAsync => _first.Task;

    public static async Task<LoopbackRedirectReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new LoopbackRedirectReceiver(app);
        app.MapGet("/callback", (HttpContext http) =>
        {
            receiver._received.Enqueue(http.Request.Query);
            receiver._first.TrySetResult(http.Request.Query);
            return Results.Content("<!doctype html><html lang=\"en\"><head><title>Signed in</title></head><body><h1>Signed in</h1><p>You can close this window.</p></body></html>", "text/html");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.RedirectUri = new Uri(new Uri(address), "/callback");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
