using System.Net;
using System.Text;
using System.Text.Json;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, "401 bodies say what to do": in oauth mode the MCP endpoint's 401 carries a JSON-RPC error whose message
/// tells the person to sign in, or that the token was refused, so a client that shows only the body (the MCP Inspector
/// shows "Error POSTing to endpoint: " and the body) says something useful. The challenge header stays as it was.
/// </summary>
public sealed class OAuthChallengeBodyTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-challenge-" + Guid.NewGuid().ToString("N"));
    private ServerHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new ServerHost(
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(_directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(_directory, "keys")),
            ("ONTRAPORT_BASE_URL", "embedded"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(null, "sign in")]
    [InlineData("not-a-token-we-issued", "refused")]
    public async Task The_401_body_is_a_JSON_RPC_error_saying_what_to_do(string? token, string expected)
    {
        using var http = _host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":7,"method":"tools/list"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("resource_metadata=", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Equal(token is null ? -1 : 1, response.Headers.WwwAuthenticate.ToString().IndexOf("invalid_token", StringComparison.Ordinal) < 0 ? -1 : 1);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("2.0", body.RootElement.GetProperty("jsonrpc").GetString());
        var message = body.RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(expected, message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Unauthorized", message, StringComparison.Ordinal);
    }
}
