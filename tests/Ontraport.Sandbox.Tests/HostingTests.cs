using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Ontraport.Testing;

namespace Ontraport.Sandbox.Tests;

/// <summary>The real HTTP surface: <c>MapOntraportSandbox</c> on an ASP.NET Core TestServer, and the message handler's path rule.</summary>
public sealed class HostingTests : IAsyncLifetime
{
    private WebApplication? _app;
    private HttpClient? _client;

    private HttpClient Client => _client!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddOntraportSandbox(options =>
        {
            options.TimeProvider = new FakeClock(SandboxHarness.Start);
            options.RateLimitPerMinute = 2;
        });
        _app = builder.Build();
        _app.MapOntraportSandbox();
        await _app.StartAsync();
        _client = _app.GetTestClient();
        _client.DefaultRequestHeaders.Add("Api-Appid", "2_hosted");
        _client.DefaultRequestHeaders.Add("Api-Key", "key");
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Serves_the_api_under_sandbox_1_with_rate_headers()
    {
        using var response = await Client.GetAsync("/sandbox/1/objects?objectID=0&range=2");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(2, document.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal("2", response.Headers.GetValues("X-Rate-Limit-Limit").Single());
        Assert.Equal("1", response.Headers.GetValues("X-Rate-Limit-Remaining").Single());
    }

    [Fact]
    public async Task Form_bodies_errors_and_the_limit_travel_over_http()
    {
        using var tagged = await Client.PutAsync("/sandbox/1/objects/tag", SandboxHarness.Form(("objectID", "0"), ("add_list", "3"), ("ids", "1")));
        using var missing = await Client.GetAsync("/sandbox/1/Contact?id=4040");
        using var limited = await Client.GetAsync("/sandbox/1/Contacts");

        Assert.Equal(HttpStatusCode.OK, tagged.StatusCode);
        Assert.Contains("The tag is now being processed.", await tagged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/plain", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("Too Many Requests - You have exceeded your maximum rate limit of 2 requests per minute.", await limited.Content.ReadAsStringAsync());
        var sandbox = (OntraportSandbox)_app!.Services.GetService(typeof(OntraportSandbox))!;
        Assert.Contains("3", sandbox.Account("2_hosted").Find(0, 1)!["contact_cat"]!.Split("*/*"));
    }

    [Fact]
    public async Task Missing_credentials_are_401_over_http()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/1/Contacts");
        using var client = _app!.GetTestClient();

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Handler_takes_the_path_after_the_first_1_segment()
    {
        var sandbox = new OntraportSandbox(new SandboxOptions());
        using var client = new HttpClient(new SandboxHttpMessageHandler(sandbox)) { BaseAddress = new Uri("http://host.invalid/sandbox/1/") };
        client.DefaultRequestHeaders.Add("Api-Appid", "2_handler");
        client.DefaultRequestHeaders.Add("Api-Key", "k");

        using var ok = await client.GetAsync("Tags?range=1");
        using var outside = await client.GetAsync("/elsewhere/Tags");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Equal("Tags", sandbox.Account("2_handler").Requests.Single().Path);
    }
}
