using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Search;

/// <summary>
/// In <c>oauth</c> mode the consent page offers the search toolset (ticked, like the others), and a grant of only that
/// toolset shows a connector exactly search and fetch, on the signed-in account.
/// </summary>
public sealed class SearchConsentTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "oauth-search-" + Guid.NewGuid().ToString("N"));
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
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_grant_of_the_search_toolset_alone_shows_search_and_fetch_only()
    {
        string? consentPage = null;
        var browser = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        await using var client = await OAuthHost.ConnectSdkClientAsync(_host.CreateDefaultClient(), browser, "ChatGPT-like test client", form =>
        {
            consentPage = form.Html;
            return OAuthHost.SubmitConsentAsync(browser, form, "2_oauth_researcher", "researcher-key-123456", readOnly: true, toolsets: ["search"]);
        });

        Assert.Contains("<input type=\"checkbox\" name=\"toolsets\" value=\"search\" checked>", consentPage, StringComparison.Ordinal);
        Assert.Equal(["fetch", "search"], (await client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal("contacts/1", (await client.SearchAsync("john.smith@example.com"))[0]!.Text("id"));
        Assert.All(_host.Sandbox.Account("2_oauth_researcher").Requests, r => Assert.Equal("researcher-key-123456", r.ApiKey));
    }

    [Fact]
    public void The_stored_allowance_keeps_the_search_toolset()
    {
        var allowance = new ToolAllowance(true, new HashSet<string> { "query", "search" }, false);
        Assert.Equal("ro query search", allowance.ToStored());
        Assert.Equal(["query", "search"], ToolAllowance.FromStored(allowance.ToStored()).Toolsets.Order(StringComparer.Ordinal));
    }
}
