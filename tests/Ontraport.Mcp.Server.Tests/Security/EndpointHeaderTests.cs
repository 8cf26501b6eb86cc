using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, MCP 2026-07-28 (basic/transports/streamable-http, "Request Metadata" and "Server Validation"): the
/// <c>MCP-Protocol-Version</c>, <c>Mcp-Method</c> and <c>Mcp-Name</c> headers MUST match the body, and a required one
/// MUST be present; otherwise 400 with JSON-RPC error -32020 (HeaderMismatch), echoing the request's id, before any tool
/// runs. A gateway that routes or limits by the headers must not be told one thing while the server does another.
/// </summary>
public class EndpointHeaderTests
{
    private const int HeaderMismatch = -32020;

    private static string Meta(string version) =>
        "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + version +
        "\",\"io.modelcontextprotocol/clientCapabilities\":{},\"io.modelcontextprotocol/clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}";

    private const string GetContact = "\"name\":\"get_objects\",\"arguments\":{\"object_type\":\"contacts\",\"id\":1},";

    private static HttpRequestMessage Post(string method, string parameters, string? version, string? methodHeader, string? nameHeader = null)
    {
        var body = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"" + method + "\",\"params\":{" + parameters + "}}";
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        foreach (var (name, value) in new[] { ("MCP-Protocol-Version", version), ("Mcp-Method", methodHeader), ("Mcp-Name", nameHeader) })
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static async Task<(HttpStatusCode Status, JsonNode Message)> SendAsync(ServerHost host, HttpRequestMessage request)
    {
        using var response = await host.CreateClient().SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var data = text.Split('\n').FirstOrDefault(l => l.StartsWith("data: ", StringComparison.Ordinal));
        return (response.StatusCode, JsonNode.Parse(data is null ? text : data["data: ".Length..])!);
    }

    public static TheoryData<string, string, string?, string?, string?> Mismatches => new()
    {
        // The older era in the header, the per-request era in the body: it was served as 2025-11-25.
        { "tools/call", GetContact + Meta("2026-07-28"), "2025-11-25", "tools/call", "get_objects" },
        { "tools/list", Meta("2026-07-28"), "2025-06-18", "tools/list", null },
        { "tools/list", Meta("2026-07-28"), null, "tools/list", null }, // the header is required when the body names a version
        // The reverse: the per-request era in the header, another version in the body's _meta.
        { "tools/call", GetContact + Meta("2025-11-25"), "2026-07-28", "tools/call", "get_objects" },
        { "tools/list", Meta("2025-11-25"), "2026-07-28", "tools/list", null },
        // Mcp-Method and Mcp-Name: absent where required, or naming something else.
        { "tools/list", Meta("2026-07-28"), "2026-07-28", null, null },
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/list", "get_objects" },
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/call", null },
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/call", "delete_object" },
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/call", "=?base64?ZGVsZXRlX29iamVjdA==?=" }, // "delete_object"
        { "prompts/get", "\"name\":\"email_list_health\"," + Meta("2026-07-28"), "2026-07-28", "prompts/get", null },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public async Task Headers_that_disagree_with_the_body_are_400_HeaderMismatch_and_nothing_runs(string method, string parameters, string? version, string? methodHeader, string? nameHeader)
    {
        await using var host = new ServerHost();
        var (status, message) = await SendAsync(host, Post(method, parameters, version, methodHeader, nameHeader));

        Assert.True(status == HttpStatusCode.BadRequest, $"{(int)status}: {message.ToJsonString()}");
        Assert.Equal(HeaderMismatch, message["error"]!["code"]!.GetValue<int>());
        Assert.Equal(41, message["id"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(message["error"]!["message"]!.GetValue<string>()));
        Assert.Empty(host.UpstreamRequests());
    }

    public static TheoryData<string, string, string?, string?, string?> Agreements => new()
    {
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/call", "get_objects" },
        { "tools/call", GetContact + Meta("2026-07-28"), "2026-07-28", "tools/call", "=?base64?Z2V0X29iamVjdHM=?=" }, // "get_objects", encoded as the revision allows
        { "tools/call", GetContact.TrimEnd(','), "2025-11-25", null, null }, // the initialize era has no request-metadata headers
        { "tools/call", GetContact.TrimEnd(','), null, null, null },         // nor does 2025-03-26, which sent no version header
    };

    [Theory]
    [MemberData(nameof(Agreements))]
    public async Task Headers_that_agree_with_the_body_are_served_in_their_era(string method, string parameters, string? version, string? methodHeader, string? nameHeader)
    {
        await using var host = new ServerHost();
        var (status, message) = await SendAsync(host, Post(method, parameters, version, methodHeader, nameHeader));

        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {message.ToJsonString()}");
        Assert.Contains("John", message["result"]!["content"]![0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(version == "2026-07-28", message["result"]!.AsObject().ContainsKey("resultType"));
    }
}
