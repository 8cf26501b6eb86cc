using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, medium: the dynamic-registration limit counted only the exact path, so <c>/oauth/register/</c> and
/// <c>/OAuth/Register</c> registered past it. The limit now sits on the endpoint (ASP.NET Core's rate limiter), counts an
/// IPv6 client by its /64, and believes <c>X-Forwarded-For</c> only from <c>ONTRAPORT_MCP_TRUSTED_PROXIES</c>.
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
    public async Task Every_spelling_of_the_registration_path_counts_against_one_limit()
    {
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "3"));
        using var http = host.CreateClient();
        var spellings = new[] { "oauth/register", "oauth/register/", "OAuth/Register", "OAUTH/REGISTER/", "oauth//register", "oauth/register?x=1" };
        var answers = new List<HttpStatusCode>();
        foreach (var path in spellings)
        {
            using var response = await RegisterAsync(http, path);
            answers.Add(response.StatusCode);
        }

        Assert.Equal(3, answers.Count(s => s == HttpStatusCode.Created));
        Assert.All(answers.Skip(3), s => Assert.True(s is HttpStatusCode.TooManyRequests or HttpStatusCode.NotFound, $"got {s}"));
        Assert.Equal(3, await ApplicationCountAsync(host));
    }

    [Fact]
    public async Task An_IPv6_client_is_counted_by_its_64_prefix()
    {
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "2"), ("ONTRAPORT_MCP_TRUSTED_PROXIES", "127.0.0.1"));
        using var http = new HttpClient { BaseAddress = new Uri(host.StartOnLoopback(), "/") };

        // One host hands itself any of its /64's 2^64 addresses: they are one client.
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "2001:db8:1:2::a")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "2001:db8:1:2:ffff:ffff:ffff:1")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(http, forwardedFor: "2001:db8:1:2::b")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "2001:db8:1:3::a")).StatusCode);
        Assert.Equal(3, await ApplicationCountAsync(host));
    }

    [Theory]
    [InlineData("2001:db8:1:2::a", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:1", "2001:db8:1:2::/64")]
    [InlineData("::ffff:203.0.113.5", "203.0.113.5")]
    [InlineData("203.0.113.5", "203.0.113.5")]
    public void The_partition_of_an_address_is_its_IPv4_address_or_its_IPv6_64(string address, string partition) =>
        Assert.Equal(partition, ClientAddress.PartitionOf(IPAddress.Parse(address)));

    [Fact]
    public async Task X_Forwarded_For_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        // ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, as docker-compose.yml used to set it, trusts every peer's header. Without
        // ONTRAPORT_MCP_TRUSTED_PROXIES a client that writes its own X-Forwarded-For is still counted as itself.
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "2"), ("ForwardedHeaders_Enabled", "true"));
        using var http = new HttpClient { BaseAddress = new Uri(host.StartOnLoopback(), "/") };
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.5")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.6")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(http, forwardedFor: "203.0.113.7")).StatusCode);
        Assert.Equal(2, await ApplicationCountAsync(host));
    }

    [Fact]
    public async Task X_Forwarded_For_from_a_peer_outside_the_trusted_proxies_is_ignored()
    {
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "1"), ("ONTRAPORT_MCP_TRUSTED_PROXIES", "10.0.0.0/8, 192.0.2.7"));
        using var http = new HttpClient { BaseAddress = new Uri(host.StartOnLoopback(), "/") };
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.5")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(http, forwardedFor: "203.0.113.6")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_limit()
    {
        await using var host = Server(("ONTRAPORT_MCP_OAUTH_REGISTRATIONS_PER_HOUR", "2"), ("ONTRAPORT_MCP_TRUSTED_PROXIES", "127.0.0.1"));
        using var http = new HttpClient { BaseAddress = new Uri(host.StartOnLoopback(), "/") };
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.5")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.5")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await RegisterAsync(http, forwardedFor: "203.0.113.5")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await RegisterAsync(http, forwardedFor: "203.0.113.6")).StatusCode);
    }

    [Theory]
    [InlineData("nginx")]
    [InlineData("10.0.0.0/33")]
    [InlineData("300.1.1.1")]
    public void A_trusted_proxy_that_is_not_an_address_or_network_stops_the_start(string value)
    {
        using var host = Server(("ONTRAPORT_MCP_TRUSTED_PROXIES", value));
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("ONTRAPORT_MCP_TRUSTED_PROXIES", error.ToString(), StringComparison.Ordinal);
    }

    private ServerHost Server(params (string Key, string? Value)[] extra) => new(
        [("ONTRAPORT_MCP_MODE", "oauth"),
        ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
        ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
        ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
        ("ONTRAPORT_BASE_URL", "embedded"), .. extra]);

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient http, string path = "oauth/register", string? forwardedFor = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = OAuthHost.JsonContent(new { client_name = "Limited", redirect_uris = new[] { "https://claude.example/cb" }, token_endpoint_auth_method = "none" }),
        };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return http.SendAsync(request);
    }

    private static async Task<int> ApplicationCountAsync(ServerHost host)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OAuthDbContext>().Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>().CountAsync();
    }
}
