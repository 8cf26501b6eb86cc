using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>DESIGN §3.1: the HTTP checks, in order, with their status codes. Never a 500.</summary>
public class HttpEndpointTests : IAsyncLifetime
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}""";
    private readonly ServerHost _host = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _host.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static HttpRequestMessage Post(string body, string path = "/mcp", string accept = "application/json, text/event-stream", string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return request;
    }

    private static async Task<JsonNode> ErrorBody(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;

    [Fact]
    public async Task Initialize_answers_over_SSE_with_the_requested_version()
    {
        using var response = await _http.SendAsync(Post(Initialize));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"protocolVersion\":\"2025-11-25\"", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"ontraport-mcp\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bare_host_path_serves_the_same_endpoint()
    {
        using var response = await _http.SendAsync(Post(Initialize, "/"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ontraport-mcp", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_version_is_served_and_an_unknown_one_is_answered_with_our_newest()
    {
        using var old = await _http.SendAsync(Post(Initialize.Replace("2025-11-25", "2025-03-26", StringComparison.Ordinal)));
        Assert.Contains("\"protocolVersion\":\"2025-03-26\"", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ancient = await _http.SendAsync(Post(Initialize.Replace("2025-11-25", "2024-11-05", StringComparison.Ordinal)));
        Assert.Contains("\"protocolVersion\":\"2025-11-25\"", await ancient.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_Origin_is_403_even_with_a_good_body()
    {
        var request = Post(Initialize);
        request.Headers.Add("Origin", "http://evil.example.com");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ONTRAPORT_MCP_ALLOWED_ORIGINS", (await ErrorBody(response))["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_foreign_Host_is_403_and_a_loopback_Origin_is_fine()
    {
        var foreign = Post(Initialize);
        foreign.Headers.Host = "evil.example.com";
        using var refused = await _http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var local = Post(Initialize);
        local.Headers.Add("Origin", "http://localhost:6274");
        using var accepted = await _http.SendAsync(local);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("text/event-stream")]
    [InlineData("text/html")]
    public async Task Accept_must_allow_both_JSON_and_SSE(string accept)
    {
        using var response = await _http.SendAsync(Post(Initialize, accept: accept));
        Assert.Equal(HttpStatusCode.NotAcceptable, response.StatusCode);
    }

    [Fact]
    public async Task Content_type_must_be_JSON()
    {
        using var response = await _http.SendAsync(Post(Initialize, contentType: "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[]")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""")]
    [InlineData("""{"id":1,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""")]
    [InlineData("42")]
    [InlineData("")]
    public async Task Malformed_bodies_are_400_with_a_JSON_RPC_error(string body)
    {
        using var response = await _http.SendAsync(Post(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(-32600, (await ErrorBody(response))["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Deeply_nested_JSON_is_400_not_a_crash()
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":" + new string('[', 5000) + new string(']', 5000) + "}";
        using var response = await _http.SendAsync(Post(body));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_oversized_body_is_413()
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"x\":\"" + new string('a', 1_100_000) + "\"}}";
        using var response = await _http.SendAsync(Post(body));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_protocol_version_header_is_400_listing_the_per_request_revision()
    {
        var request = Post("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""");
        request.Headers.Add("MCP-Protocol-Version", "banana");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var root = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(7, root["id"]!.GetValue<int>());
        Assert.Equal(-32022, root["error"]!["code"]!.GetValue<int>());

        // What a dual-path client retries server/discover with (the SDK's rule, from SEP-2575).
        Assert.Equal(["2026-07-28"], root["error"]!["data"]!["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public async Task The_2024_11_05_header_is_400_listing_every_version_served()
    {
        var request = Post("""{"jsonrpc":"2.0","id":8,"method":"tools/list"}""");
        request.Headers.Add("MCP-Protocol-Version", "2024-11-05");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var root = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(8, root["id"]!.GetValue<int>());
        Assert.Equal(-32022, root["error"]!["code"]!.GetValue<int>());
        Assert.Equal(["2026-07-28", "2025-11-25", "2025-06-18", "2025-03-26"], root["error"]!["data"]!["supported"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task GET_and_DELETE_are_405_with_Allow_POST(string method)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/mcp"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("POST", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_notification_is_202_with_no_body()
    {
        using var response = await _http.SendAsync(Post("""{"jsonrpc":"2.0","method":"notifications/initialized"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tools_list_works_without_a_session_because_the_server_is_stateless()
    {
        var request = Post("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        Assert.Contains("get_objects", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_200()
    {
        using var response = await _http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"mode\":\"sandbox\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sandbox_API_is_served_at_sandbox_1()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/sandbox/1/objects?objectID=0&range=2");
        request.Headers.Add("Api-Appid", "curl-demo");
        request.Headers.Add("Api-Key", "anything");
        using var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.Equal(2, body["data"]!.AsArray().Count);
    }
}
