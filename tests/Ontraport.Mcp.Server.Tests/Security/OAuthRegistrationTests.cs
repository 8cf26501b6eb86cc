using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ontraport.Mcp.Server.OAuth;
using Ontraport.Mcp.Server.Tests.OAuth;

namespace Ontraport.Mcp.Server.Tests.Security;

/// <summary>
/// Issue 18, low: what a stranger may register. Redirect URIs only of the web or of a native app (no tel:, about:,
/// view-source:, jar:…), client names without format characters that reorder or hide text, and bytes that are not
/// UTF-8, or too many of them, refused with a 4xx that says why, never a 500.
/// </summary>
public sealed class OAuthRegistrationTests
{
    [Theory]
    [InlineData("tel:+15551234567")]
    [InlineData("sms:+15551234567")]
    [InlineData("about:blank")]
    [InlineData("view-source:https://claude.example/cb")]
    [InlineData("jar:https://claude.example/app.jar!/cb")]
    [InlineData("mailto:someone@example.com")]
    [InlineData("urn:ietf:wg:oauth:2.0:oob")]
    [InlineData("news:comp.lang.csharp")]
    [InlineData("about:/blank")]
    [InlineData("chrome://settings/")]
    [InlineData("intent://scan/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("file:///etc/passwd")]
    public void A_non_web_or_non_hierarchical_redirect_uri_is_refused(string redirect)
    {
        var problem = OAuthInput.CheckRedirectUri(redirect);
        Assert.NotNull(problem);
        Assert.StartsWith("redirect_uris", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://claude.ai/api/mcp/auth_callback")]
    [InlineData("http://127.0.0.1/callback")]
    [InlineData("http://[::1]/callback")]
    [InlineData("http://localhost/callback")]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/user-ontraport/callback")]
    [InlineData("com.example.app:/oauth2redirect/example-provider")]
    public void Web_loopback_and_native_app_redirect_uris_are_accepted(string redirect) => Assert.Null(OAuthInput.CheckRedirectUri(redirect));

    [Fact]
    public async Task A_registration_with_a_tel_or_view_source_redirect_is_a_400_and_nothing_is_stored()
    {
        await using var host = await OAuthHost.StartAsync();
        foreach (var redirect in new[] { "tel:+15551234567", "view-source:https://claude.example/cb" })
        {
            using var response = await host.Http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "App", redirect_uris = new[] { redirect } }));
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{redirect}: {(int)response.StatusCode} {text}");
            using var json = JsonDocument.Parse(text);
            Assert.Equal("invalid_redirect_uri", json.RootElement.GetProperty("error").GetString());
        }

        Assert.Equal(0, await host.ApplicationCountAsync());
        using var native = await host.Http.PostAsync("oauth/register", OAuthHost.JsonContent(new { client_name = "Cursor", redirect_uris = new[] { "cursor://anysphere.cursor-retrieval/oauth/callback" }, token_endpoint_auth_method = "none" }));
        Assert.Equal(HttpStatusCode.Created, native.StatusCode);
    }

    [Theory]
    [InlineData("cursor://anysphere.cursor-retrieval/oauth/user-ontraport/callback")]
    [InlineData("com.example.app:/oauth2redirect/example-provider")]
    [InlineData("https://claude.ai/api/mcp/auth_callback")]
    public async Task The_consent_page_shows_the_whole_redirect_target(string redirect)
    {
        await using var host = await OAuthHost.StartAsync();
        var clientId = await host.RegisterAsync(redirect, "Native app");
        var (_, challenge) = OAuthHost.Pkce();
        var form = await host.OpenConsentAsync(OAuthHost.AuthorizeUrl(clientId, redirect, challenge));
        Assert.Contains("\">" + WebUtility.HtmlEncode(redirect) + "</code>", form.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong></strong>", form.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Claude\u202E")]              // right-to-left override
    [InlineData("Cla\u200Eude")]              // left-to-right mark
    [InlineData("Cla\u200Fude")]              // right-to-left mark
    [InlineData("\u2066Claude\u2069")]        // isolates
    [InlineData("\u2067Claude")]
    [InlineData("\u2068Claude")]
    [InlineData("Clau\u200Bde")]              // zero width space
    [InlineData("Clau\u2060de")]              // word joiner
    [InlineData("Claude\uFEFF")]              // zero width no-break space
    [InlineData("Claude\u2028Desktop")]       // line separator
    [InlineData("Claude\uDB40\uDC01")]        // language tag (a format character outside the BMP)
    [InlineData("Claude\u0007")]              // a control character, refused before too
    public void A_client_name_with_a_format_character_is_refused(string name)
    {
        var problem = OAuthInput.CheckClientName(name);
        Assert.NotNull(problem);
        Assert.StartsWith("client_name", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_client_name_with_a_lone_surrogate_is_refused() =>
        Assert.Contains("not valid Unicode", OAuthInput.CheckClientName("Claude" + (char)0xD800), StringComparison.Ordinal);

    [Theory]
    [InlineData("Claude")]
    [InlineData("Claude für Teams")]
    [InlineData("クロード")]
    [InlineData("مساعد")]
    [InlineData("Ontraport 🤖 helper")]
    public void Ordinary_names_in_any_script_are_accepted(string name) => Assert.Null(OAuthInput.CheckClientName(name));

    [Theory]
    [InlineData("{\"client_name\":\"Claude\\u202E\",\"redirect_uris\":[\"https://a.example/cb\"]}", "U+202E")]
    [InlineData("{\"client_name\":\"Claude\\ud800\",\"redirect_uris\":[\"https://a.example/cb\"]}", "Unicode")]
    public async Task A_registration_whose_name_hides_or_reorders_text_is_a_400_and_nothing_is_stored(string body, string expected)
    {
        await using var host = await OAuthHost.StartAsync();
        using var response = await host.Http.PostAsync("oauth/register", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        Assert.Equal("invalid_client_metadata", json.RootElement.GetProperty("error").GetString());
        Assert.Contains(expected, json.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Theory]
    [InlineData("client_name")]
    [InlineData("redirect_uris")]
    public async Task A_registration_that_is_not_UTF_8_is_a_400_that_says_so(string where)
    {
        await using var host = await OAuthHost.StartAsync();
        var bad = new byte[] { 0x43, 0xFF, 0xFE, 0x6C };
        var body = new List<byte>();
        body.AddRange(Encoding.UTF8.GetBytes(where == "client_name" ? "{\"client_name\":\"" : "{\"client_name\":\"x\",\"redirect_uris\":[\"https://a.example/"));
        body.AddRange(bad);
        body.AddRange(Encoding.UTF8.GetBytes(where == "client_name" ? "\",\"redirect_uris\":[\"https://a.example/cb\"]}" : "\"]}"));
        using var content = new ByteArrayContent([.. body]);
        content.Headers.ContentType = new("application/json");
        using var response = await host.Http.PostAsync("oauth/register", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Contains("UTF-8", text, StringComparison.Ordinal);
        Assert.Equal(0, await host.ApplicationCountAsync());
    }

    [Theory]
    [InlineData(20 * 1024)]   // over the registration's own limit (16 KiB)
    [InlineData(200 * 1024)]  // over the limit Kestrel enforces on every OAuth request body (32 KiB)
    public async Task A_chunked_registration_over_the_size_limit_is_a_413_logged_as_a_413(int size)
    {
        var directory = Path.Combine(Path.GetTempPath(), "oauth-chunked-" + Guid.NewGuid().ToString("N"));
        await using var host = new ServerHost(
            ("ONTRAPORT_MCP_MODE", "oauth"),
            ("ONTRAPORT_MCP_PUBLIC_URL", "http://localhost"),
            ("ONTRAPORT_MCP_DATABASE", Path.Combine(directory, "oauth.db")),
            ("ONTRAPORT_MCP_DATA_PROTECTION_KEYS", Path.Combine(directory, "keys")),
            ("ONTRAPORT_BASE_URL", "embedded"));
        try
        {
            var endpoint = host.StartOnLoopback();

            // Chunked by hand on a raw socket: no Content-Length, so only reading the body can find it too large.
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(IPAddress.Loopback, endpoint.Port);
            await using var stream = tcp.GetStream();
            var json = "{\"client_name\":\"" + new string('a', size) + "\",\"redirect_uris\":[\"https://a.example/cb\"]}";
            var request = new StringBuilder()
                .Append("POST /oauth/register HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
            foreach (var chunk in json.Chunk(4096))
            {
                request.Append(chunk.Length.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n").Append(chunk).Append("\r\n");
            }

            request.Append("0\r\n\r\n");
            var bytes = Encoding.ASCII.GetBytes(request.ToString());
            try
            {
                await stream.WriteAsync(bytes);
            }
            catch (IOException)
            {
                // The server may answer and close before it has read everything; its answer is still there to read.
            }

            using var reader = new StreamReader(stream, Encoding.ASCII);
            var answer = await reader.ReadToEndAsync();
            Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
            Assert.Contains("larger than", answer, StringComparison.Ordinal);

            Assert.Empty(host.Logs.Errors);
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Exception", StringComparison.Ordinal));
            Assert.Contains(host.Logs.Lines, l => l.Contains("/oauth/register", StringComparison.Ordinal) && l.Contains("responded 413", StringComparison.Ordinal));
        }
        finally
        {
            await host.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
