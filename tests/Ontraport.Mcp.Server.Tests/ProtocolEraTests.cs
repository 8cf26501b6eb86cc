using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Both protocol eras on one stateless endpoint: the SDK's own client in its default mode (2026-07-28, no initialize)
/// and pinned to the initialize-era versions, each listing tools and calling one tool of every group; and the
/// 2026-07-28 wire rules (server/discover, per-request _meta, Mcp-Method/Mcp-Name, resultType, ttlMs/cacheScope, no
/// ping) as a plain HTTP client sees them.
/// </summary>
public class ProtocolEraTests
{
    public static TheoryData<string?, string> Eras => new()
    {
        { null, "2026-07-28" },       // the SDK client's default: per-request metadata, server/discover
        { "2026-07-28", "2026-07-28" },
        { "2025-11-25", "2025-11-25" },
        { "2025-06-18", "2025-06-18" },
        { "2025-03-26", "2025-03-26" },
    };

    [Theory]
    [MemberData(nameof(Eras))]
    public async Task The_SDK_client_lists_tools_and_calls_one_of_each_group(string? pinned, string negotiated)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(pinned);
        Assert.Equal(negotiated, client.NegotiatedProtocolVersion);
        Assert.Equal("ontraport-mcp", client.ServerInfo?.Name);

        var tools = await client.ListToolsAsync();
        Assert.Equal(ToolCatalog.All.Select(t => t.Name), tools.Select(t => t.Name)); // every tool, in the catalog's order

        Assert.Equal(1, (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).Ok()["returned"]!.GetValue<int>());
        Assert.Equal(200, (await client.CallAsync("count_objects", new { object_type = "contacts" })).Ok()["count"]!.GetValue<int>());
        var tagging = (await client.CallAsync("manage_tags", new { action = "add", tag_names = new[] { "Warm Lead" }, contact = "john.smith@example.com", dry_run = true })).Ok();
        Assert.Contains("tagByName", tagging.ToJsonString(), StringComparison.Ordinal);
        var invoices = (await client.CallAsync("get_invoices", new { limit = 2 })).Ok();
        Assert.Equal(2, invoices["returned"]!.GetValue<int>());

        // A bad input is a tool error in every era, costing no upstream request.
        var before = host.UpstreamRequests().Count;
        Assert.Contains("object_type", (await client.CallAsync("get_objects", new { limit = 1 })).Error(), StringComparison.Ordinal);
        Assert.Equal(before, host.UpstreamRequests().Count);
    }

    [Fact]
    public async Task Narrowing_headers_work_in_the_per_request_era_too()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["X-MCP-Readonly"] = "true" });
        Assert.Equal("2026-07-28", client.NegotiatedProtocolVersion);
        var tools = await client.ListToolsAsync();
        Assert.All(tools, t => Assert.True(ToolCatalog.Find(t.Name)!.ReadOnly, t.Name));
        Assert.Contains("not available here", (await client.CallAsync("delete_object", new { object_type = "contacts", id = 1 })).Error(), StringComparison.Ordinal);
    }

    private const string Meta = """
        "_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"curl","version":"1"}}
        """;

    private static HttpRequestMessage Post(string method, string parameters, string? name = null, string version = "2026-07-28", int id = 1)
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + parameters + "}}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", version);
        request.Headers.Add("Mcp-Method", method);
        if (name is not null)
        {
            request.Headers.Add("Mcp-Name", name);
        }

        return request;
    }

    /// <summary>The JSON-RPC message in a response: the one SSE event's data, or the plain JSON error body.</summary>
    private static async Task<JsonNode> Message(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var data = text.Split('\n').FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal));
        return JsonNode.Parse(data is null ? text : data["data: ".Length..])!;
    }

    [Fact]
    public async Task Server_discover_answers_with_the_revision_the_instructions_and_serverInfo_in_meta()
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        using var response = await http.SendAsync(Post("server/discover", Meta));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Mcp-Session-Id"));
        var result = (await Message(response))["result"]!;
        Assert.Equal(["2026-07-28"], result["supportedVersions"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal("complete", result["resultType"]!.GetValue<string>());
        Assert.Equal("ontraport-mcp", result["_meta"]!["io.modelcontextprotocol/serverInfo"]!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(result["instructions"]?.GetValue<string>()));
        Assert.NotNull(result["capabilities"]!["tools"]);
    }

    [Fact]
    public async Task Tools_list_may_be_cached_privately_for_an_hour_and_keeps_the_catalog_order()
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        using var response = await http.SendAsync(Post("tools/list", Meta));
        var result = (await Message(response))["result"]!;
        Assert.Equal(3_600_000, result["ttlMs"]!.GetValue<long>());
        Assert.Equal("private", result["cacheScope"]!.GetValue<string>());
        Assert.Equal("complete", result["resultType"]!.GetValue<string>());
        Assert.Equal(ToolCatalog.All.Select(t => t.Name), result["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));

        // The initialize era knows no caching fields: they are not sent there.
        var old = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent("""{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", Encoding.UTF8, "application/json") };
        old.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        old.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        using var oldResponse = await http.SendAsync(old);
        var oldResult = (await Message(oldResponse))["result"]!.AsObject();
        Assert.False(oldResult.ContainsKey("ttlMs"));
        Assert.False(oldResult.ContainsKey("resultType"));
    }

    [Fact]
    public async Task A_tool_call_with_matching_headers_runs_and_a_mismatched_Mcp_Name_is_refused_before_it()
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        const string call = "\"name\":\"get_objects\",\"arguments\":{\"object_type\":\"contacts\",\"limit\":1},";
        using var ok = await http.SendAsync(Post("tools/call", call + Meta, name: "get_objects"));
        var result = (await Message(ok))["result"]!;
        Assert.Equal("complete", result["resultType"]!.GetValue<string>());
        Assert.Contains("John", result["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        var before = host.UpstreamRequests().Count;
        using var mismatch = await http.SendAsync(Post("tools/call", call + Meta, name: "delete_object", id: 9));
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        var error = await Message(mismatch);
        Assert.Equal(9, error["id"]!.GetValue<int>());
        Assert.Equal(-32020, error["error"]!["code"]!.GetValue<int>());
        Assert.Equal(before, host.UpstreamRequests().Count);
    }

    [Theory]
    [InlineData("ping", 404, -32601)]       // removed in 2026-07-28
    [InlineData("initialize", 404, -32601)] // replaced by server/discover
    public async Task Methods_the_revision_removed_are_404_method_not_found(string method, int status, int code)
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        using var response = await http.SendAsync(Post(method, Meta));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await Message(response))["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_request_without_its_per_request_metadata_is_400()
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();
        using var missing = await http.SendAsync(Post("tools/list", "\"cursor\":null"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(-32602, (await Message(missing))["error"]!["code"]!.GetValue<int>());

        const string noCapabilities = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"}";
        using var incomplete = await http.SendAsync(Post("tools/list", noCapabilities));
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
    }

    [Fact]
    public async Task The_host_checks_come_first_in_the_per_request_era_too()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_ACCESS_TOKENS", "era-token-123456"));
        using var http = host.CreateClient();

        var foreign = Post("tools/list", Meta);
        foreign.Headers.Add("Origin", "http://evil.example.com");
        using var forbidden = await http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var unauthorized = await http.SendAsync(Post("tools/list", Meta));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.StartsWith("Bearer", unauthorized.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var authorized = Post("tools/list", Meta);
        authorized.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "era-token-123456");
        using var ok = await http.SendAsync(authorized);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Every_status_the_host_answers_is_the_same_in_the_per_request_era()
    {
        await using var host = new ServerHost();
        using var http = host.CreateClient();

        var textBody = Post("tools/list", Meta);
        textBody.Content!.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        using var unsupported = await http.SendAsync(textBody);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);

        var narrowing = Post("tools/list", Meta);
        narrowing.Headers.Add("X-MCP-Toolsets", "crud,nonsense");
        using var badHeader = await http.SendAsync(narrowing);
        Assert.Equal(HttpStatusCode.BadRequest, badHeader.StatusCode);
        Assert.Contains("nonsense", await badHeader.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var tooLarge = await http.SendAsync(Post("tools/call", "\"name\":\"get_objects\",\"arguments\":{\"search\":\"" + new string('a', 1_100_000) + "\"}," + Meta, name: "get_objects"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        var notAcceptable = Post("tools/list", Meta);
        notAcceptable.Headers.Remove("Accept");
        notAcceptable.Headers.TryAddWithoutValidation("Accept", "application/json");
        using var refusedAccept = await http.SendAsync(notAcceptable);
        Assert.Equal(HttpStatusCode.NotAcceptable, refusedAccept.StatusCode);

        var get = new HttpRequestMessage(HttpMethod.Get, "/mcp");
        get.Headers.Add("MCP-Protocol-Version", "2026-07-28");
        using var methodNotAllowed = await http.SendAsync(get);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, methodNotAllowed.StatusCode);
        Assert.Contains("POST", methodNotAllowed.Content.Headers.Allow);
    }
}
