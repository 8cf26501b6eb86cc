using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Server.Tests.OAuth;

/// <summary>
/// Dynamic client registration is limited per client IP: the N+1th in an hour is a clear 429 and stores nothing (behind a
/// proxy, and for every spelling of the path: Security/OAuthRegistrationLimitTests).
/// </summary>
public sealed class OAuthRegistrationLimitTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-register-limit-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_registration_after_the_limit_is_a_429_with_retry_after_and_nothing_is_stored()
    {
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "3"));
        using var http = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await RegisterAsync(http, "client " + i);
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        using var refused = await RegisterAsync(http, "one too many");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        using var body = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal("too_many_registrations", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(3, await ApplicationCountAsync(host));

        // Only registration is limited: the rest of the authorization server still answers this client.
        using var metadata = await http.GetAsync(".well-known/oauth-authorization-server");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
    }

    [Fact]
    public void A_bad_limit_stops_the_start_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ONTRAPORT_MCP_PUBLIC_URL"] = "http://localhost",
            ["ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR"] = "0",
        }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => { OAuthSettings.Load(configuration); });
        Assert.Contains("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", error.Message, StringComparison.Ordinal);
    }

    private ServerHost Server(params (string Key, string? Value)[] extra) => new(
        [("ONTRAPORT_MCP_MODE", "oauth"),
        ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
        ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
        ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
        ("ONTRAPORT_BASE_URL", "embedded"), .. extra]);

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient http, string name)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "oauth/register")
        {
            Content = OAuthHost.JsonContent(new { client_name = name, redirect_uris = new[] { "https://claude.example/cb" }, token_endpoint_auth_method = "none" }),
        };
        return http.SendAsync(request);
    }

    private static async Task<int> ApplicationCountAsync(ServerHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OAuthDbContext>().Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync();
    }
}
