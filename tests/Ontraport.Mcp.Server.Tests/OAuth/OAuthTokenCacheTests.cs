using System.Diagnostics;
using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// A signed-in call is checked in memory (issue 22): no store command once its token and grant are known, yet an expired
/// token, an ended grant and a replayed refresh token are refused at the next call.
/// </summary>
public sealed class OAuthTokenCacheTests
{
    private const string Redirect = "https://claude.example/api/mcp/auth_callback";

    [Fact]
    public async Task A_known_token_costs_no_store_command_per_call()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var access = (await host.SignInAsync(clientId, Redirect, "app-cache")).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status); // validated once, its grant read once

        using var commands = new StoreCommands(host.Directory);
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);
        }

        Assert.Equal(0, commands.Count);

        // The counter sees this store's commands: ending the grant writes to it, and the next call is refused.
        Assert.Equal(HttpStatusCode.OK, await host.RevokeAsync(clientId, access));
        Assert.True(commands.Count > 0);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access)).Status);
    }

    [Fact]
    public async Task An_expired_token_is_refused_though_it_was_accepted_from_memory_a_moment_before()
    {
        var clock = new FakeClock(TimeProvider.System.GetUtcNow()); // the key ring's keys are dated on this clock too
        await using var host = await OAuthHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        var lifetime = host.Services.GetRequiredService<OAuthSettings>().AccessTokenLifetime;
        var clientId = await host.RegisterAsync(Redirect);
        var access = (await host.SignInAsync(clientId, Redirect, "app-expiry")).GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);

        clock.Advance(lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status);
        clock.Advance(TimeSpan.FromSeconds(2));
        var (status, _, challenge) = await host.CallAsync(access);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_replayed_refresh_token_ends_its_grant_and_no_other()
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(Redirect);
        var first = await host.SignInAsync(clientId, Redirect, "app-replay");
        var other = await host.SignInAsync(clientId, Redirect, "app-replay"); // another person's consent: another grant
        var refresh = first.GetProperty("refresh_token").GetString()!;
        var (refreshed, rotated) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.OK, refreshed);
        var access = rotated.GetProperty("access_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(access)).Status); // known now, accepted from memory

        var (replayed, body) = await host.RefreshAsync(clientId, refresh);
        Assert.Equal(HttpStatusCode.BadRequest, replayed);
        Assert.Equal("invalid_grant", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.CallAsync(access)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.RefreshAsync(clientId, rotated.GetProperty("refresh_token").GetString()!)).Status);

        using var scope = host.Services.CreateScope();
        var grants = await scope.ServiceProvider.GetRequiredService<GrantStore>().ListAsync(CancellationToken.None);
        Assert.Equal(2, grants.Count);
        Assert.Single(grants, g => g.RevokedReason == GrantStore.RevokedByReplay);
        Assert.Single(grants, g => g.RevokedAt is null);
        Assert.Equal(HttpStatusCode.OK, (await host.CallAsync(other.GetProperty("access_token").GetString()!)).Status);
    }

    /// <summary>Counts the SQL commands EF Core runs on one host's store (by its path; other tests run in parallel).</summary>
    private sealed class StoreCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _directory;
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _listeners = [];
        private int _count;

        public StoreCommands(string directory)
        {
            _directory = directory;
            _subscription = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_listeners)
                {
                    _listeners.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuted.Name && value.Value is CommandEventData data
                && data.Command.Connection?.ConnectionString.Contains(_directory, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _subscription.Dispose();
            lock (_listeners)
            {
                _listeners.ForEach(l => l.Dispose());
            }
        }
    }
}
