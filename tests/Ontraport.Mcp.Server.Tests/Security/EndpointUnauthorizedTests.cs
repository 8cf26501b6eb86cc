using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, "401 bodies say what to do": every 401 of the MCP endpoint in sandbox, account and passthrough modes carries
/// a JSON-RPC error whose message says what happened and what to send instead, so a client that shows only the body
/// (the MCP Inspector's "Error POSTing to endpoint: ") tells its user what to fix. (oauth mode's 401s are the OAuth half's.)
/// </summary>
public class EndpointUnauthorizedTests
{
    private const string Token = "endpoint-token-1234567890";

    private static readonly (string, string?)[] Sandbox = [("ONTRAPORT_MCP_ACCESS_TOKENS", Token)];
    private static readonly (string, string?)[] Account = [("ONTRAPORT_APP_ID", "2_AppID_401"), ("ONTRAPORT_API_KEY", "account-key-401401"), ("ONTRAPORT_BASE_URL", "embedded"), ("ONTRAPORT_MCP_ACCESS_TOKENS", Token)];
    private static readonly (string, string?)[] Passthrough = [("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded")];
    private static readonly (string, string?)[] PassthroughWithTokens = [.. Passthrough, ("ONTRAPORT_MCP_ACCESS_TOKENS", Token)];

    public static TheoryData<string, string[]> Refusals => new()
    {
        { "sandbox", [] },
        { "sandbox", ["Authorization: Bearer not-the-token-000000"] },
        { "sandbox", ["Authorization: Basic dXNlcjpwYXNz"] },
        { "sandbox", ["Authorization: Bearer "] },
        { "account", [] },
        { "account", ["Authorization: Bearer not-the-token-000000"] },
        { "passthrough", [] },
        { "passthrough", ["Api-Appid: 2_AppID_401"] },
        { "passthrough", ["Api-Key: only-a-key-123456"] },
        { "passthrough", ["Authorization: Bearer justonepart"] },
        { "passthrough", ["Authorization: Bearer :missingappid"] },
        { "passthrough", ["Authorization: Bearer 2_AppID_401:"] },
        { "passthrough", ["Authorization: Basic dXNlcjpwYXNz"] },
        { "passthrough", ["Api-Appid: 2_AppID_401", "Api-Key: clé-401"] },
        { "passthrough+tokens", [] },
        { "passthrough+tokens", ["Authorization: Bearer " + Token] },
        { "passthrough+tokens", ["Authorization: Bearer not-the-token-000000", "Api-Appid: 2_AppID_401", "Api-Key: tenant-key-401401"] },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Every_401_says_what_happened_and_what_to_send_in_both_eras(string mode, string[] headers)
    {
        await using var host = new ServerHost(mode switch
        {
            "sandbox" => Sandbox,
            "account" => Account,
            "passthrough" => Passthrough,
            _ => PassthroughWithTokens,
        });
        var http = host.CreateClient();
        foreach (var version in new[] { "2025-11-25", "2026-07-28" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(ToolsList(version), Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
            request.Headers.TryAddWithoutValidation("MCP-Protocol-Version", version);
            request.Headers.TryAddWithoutValidation("Mcp-Method", "tools/list");
            foreach (var header in headers)
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                request.Headers.TryAddWithoutValidation(header[..colon], header[(colon + 1)..].TrimStart());
            }

            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{version}: {(int)response.StatusCode} {body}");
            Assert.StartsWith("Bearer realm=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

            var message = JsonNode.Parse(body)!["error"]!["message"]!.GetValue<string>();
            Assert.StartsWith("Unauthorized: ", message, StringComparison.Ordinal);
            Assert.Matches(@"\b(send|Send|use|Use|copy|Copy|ask|Ask|sign in|connect|Connect)\b", message); // says what to do
            Assert.DoesNotContain("access-key", message, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, message, StringComparison.Ordinal);
        }
    }

    private static string ToolsList(string version) => version == "2025-11-25"
        ? """{"jsonrpc":"2.0","id":1,"method":"tools/list"}"""
        : """{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"t","version":"1"}}}}""";
}
