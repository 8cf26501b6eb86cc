using System.Net;
using System.Text;
using System.Text.Json;
using Ontraport.Testing;

namespace Ontraport.Sandbox.Tests;

/// <summary>
/// One sandbox on a manual clock, reached through <see cref="SandboxHttpMessageHandler"/> with its own app id,
/// so every test has a fresh, isolated account.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private SandboxHarness(SandboxOptions options, FakeClock clock, string appId)
    {
        Clock = clock;
        Sandbox = new OntraportSandbox(options);
        AppId = appId;
        Http = CreateClient(Sandbox, appId, "test-key");
    }

    public FakeClock Clock { get; }

    public OntraportSandbox Sandbox { get; }

    public string AppId { get; }

    public HttpClient Http { get; }

    public SandboxAccount Account => Sandbox.Account(AppId);

    public static SandboxHarness Create(int rateLimitPerMinute = 10_000, string? appId = null, int seed = 20261122)
    {
        var clock = new FakeClock(Start);
        var options = new SandboxOptions { TimeProvider = clock, RateLimitPerMinute = rateLimitPerMinute, Seed = seed };
        return new SandboxHarness(options, clock, appId ?? $"2_{Guid.NewGuid():N}");
    }

    public static HttpClient CreateClient(OntraportSandbox sandbox, string appId, string apiKey)
    {
        var client = new HttpClient(new SandboxHttpMessageHandler(sandbox)) { BaseAddress = new Uri("http://sandbox.invalid/1/") };
        client.DefaultRequestHeaders.Add("Api-Appid", appId);
        client.DefaultRequestHeaders.Add("Api-Key", apiKey);
        return client;
    }

    public static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content = null) =>
        Http.SendAsync(new HttpRequestMessage(method, path) { Content = content });

    /// <summary>Sends, asserts a 200 JSON envelope with code 0 and the account id, and returns the whole envelope.</summary>
    public async Task<JsonElement> EnvelopeAsync(HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await SendAsync(method, path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path} → {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var envelope = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(0, envelope.GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Number, envelope.GetProperty("account_id").ValueKind);
        Assert.Equal(Account.AccountId, envelope.GetProperty("account_id").GetInt64());
        return envelope;
    }

    public async Task<JsonElement> DataAsync(HttpMethod method, string path, HttpContent? content = null) =>
        (await EnvelopeAsync(method, path, content)).GetProperty("data");

    public Task<JsonElement> GetAsync(string path) => DataAsync(HttpMethod.Get, path);

    /// <summary>Sends and asserts a plain-text error with this status; returns the body.</summary>
    public async Task<string> ErrorAsync(HttpStatusCode expected, HttpMethod method, string path, HttpContent? content = null)
    {
        using var response = await SendAsync(method, path, content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} → {(int)response.StatusCode} (expected {(int)expected}): {body}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    public static string Encode(string value) => Uri.EscapeDataString(value);

    public void Dispose() => Http.Dispose();
}
