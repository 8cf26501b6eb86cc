using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Issue 6: credential modes, endpoint tokens, tool selection, origin checks, audit, limits, no secret in any output.</summary>
public class SecurityTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""";

    private static HttpRequestMessage Post(string body = Initialize, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Accept", "application/json, text/event-stream");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static ServerHost Passthrough(params (string, string?)[] more) =>
        new([("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded"), .. more]);

    // ---------- modes and credentials ----------

    [Fact]
    public async Task Passthrough_without_credentials_is_401_saying_what_to_send()
    {
        await using var host = Passthrough();
        using var response = await host.CreateClient().SendAsync(Post());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Api-Appid", body, StringComparison.Ordinal);
        Assert.Contains("Api-Key", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer justonepart")]
    [InlineData("Bearer :missingappid")]
    [InlineData("Basic dXNlcjpwYXNz")]
    public async Task Passthrough_with_malformed_credentials_is_401(string authorization)
    {
        await using var host = Passthrough();
        using var response = await host.CreateClient().SendAsync(Post(Initialize, ("Authorization", authorization)));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Passthrough_accepts_Api_headers_and_the_bearer_pair_and_each_reaches_its_own_account()
    {
        await using var host = Passthrough();
        await using var headerClient = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_AppID_A", ["Api-Key"] = "tenant-a-key-111" });
        await using var bearerClient = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Authorization"] = "Bearer 2_AppID_B:tenant-b-key-222" });

        Assert.Equal("John", (await headerClient.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok()["firstname"]!.GetValue<string>());
        Assert.Equal("John", (await bearerClient.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).Ok()["firstname"]!.GetValue<string>());
        Assert.All(host.Sandbox.Account("2_AppID_A").Requests, r => Assert.Equal("tenant-a-key-111", r.ApiKey));
        Assert.All(host.Sandbox.Account("2_AppID_B").Requests, r => Assert.Equal("tenant-b-key-222", r.ApiKey));
        Assert.NotEmpty(host.Sandbox.Account("2_AppID_B").Requests);
    }

    [Fact]
    public async Task Two_tenants_calling_at_the_same_time_never_see_each_others_credentials_or_data()
    {
        await using var host = Passthrough();
        await using var a = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_AppID_A", ["Api-Key"] = "tenant-a-key-111" });
        await using var b = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_AppID_B", ["Api-Key"] = "tenant-b-key-222" });

        var calls = Enumerable.Range(0, 20).SelectMany(i => new[]
        {
            a.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { title = $"A-{i}" } }),
            b.CallAsync("get_objects", new { object_type = "contacts", id = 1, fields = new[] { "title" } }),
            a.CallAsync("get_objects", new { object_type = "contacts", limit = 3 }),
            b.CallAsync("update_object", new { object_type = "contacts", id = 2, values = new { title = $"B-{i}" } }),
        });
        var answers = await Task.WhenAll(calls);
        Assert.All(answers, answer => Assert.False(answer.IsError, answer.Text));

        var requestsA = host.Sandbox.Account("2_AppID_A").Requests;
        var requestsB = host.Sandbox.Account("2_AppID_B").Requests;
        Assert.All(requestsA, r => Assert.Equal("tenant-a-key-111", r.ApiKey));
        Assert.All(requestsB, r => Assert.Equal("tenant-b-key-222", r.ApiKey));
        Assert.Equal(20, requestsA.Count(r => r.Method == "PUT"));
        Assert.Equal(20, requestsB.Count(r => r.Method == "PUT"));
        Assert.StartsWith("A-", host.Sandbox.Account("2_AppID_A").Find(0, 1)!["title"], StringComparison.Ordinal);
        Assert.DoesNotContain("A-", host.Sandbox.Account("2_AppID_B").Find(0, 1)!["title"] ?? "", StringComparison.Ordinal);
        Assert.StartsWith("B-", host.Sandbox.Account("2_AppID_B").Find(0, 2)!["title"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tenants_have_separate_metadata_caches()
    {
        await using var host = Passthrough();
        await using var a = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_AppID_A", ["Api-Key"] = "tenant-a-key-111" });
        await using var b = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_AppID_B", ["Api-Key"] = "tenant-b-key-222" });
        await a.CallAsync("get_objects", new { object_type = "contacts", limit = 1 });
        await b.CallAsync("get_objects", new { object_type = "contacts", limit = 1 });
        Assert.Single(host.Sandbox.Account("2_AppID_A").Requests, r => r.Path == "objects/meta");
        Assert.Single(host.Sandbox.Account("2_AppID_B").Requests, r => r.Path == "objects/meta");
    }

    // ---------- endpoint tokens ----------

    [Fact]
    public async Task Access_tokens_missing_wrong_and_right()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_ACCESS_TOKENS", "token-one-1234567890,token-two-0987654321"));
        var http = host.CreateClient();
        using (var missing = await http.SendAsync(Post()))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Contains("Bearer", missing.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }

        using (var wrong = await http.SendAsync(Post(Initialize, ("Authorization", "Bearer token-one-123456789X"))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        foreach (var token in new[] { "token-one-1234567890", "token-two-0987654321" })
        {
            using var right = await http.SendAsync(Post(Initialize, ("Authorization", "Bearer " + token)));
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
    }

    [Fact]
    public async Task Passthrough_with_tokens_takes_credentials_from_the_Api_headers()
    {
        await using var host = Passthrough(("ONTRAPORT_MCP_ACCESS_TOKENS", "token-one-1234567890"));
        await using var client = await host.ConnectAsync(headers: new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer token-one-1234567890",
            ["Api-Appid"] = "2_AppID_T",
            ["Api-Key"] = "tenant-t-key-333",
        });
        Assert.False((await client.CallAsync("get_objects", new { object_type = "contacts", id = 1 })).IsError);
        Assert.All(host.Sandbox.Account("2_AppID_T").Requests, r => Assert.Equal("tenant-t-key-333", r.ApiKey));

        using var tokenOnly = await host.CreateClient().SendAsync(Post(Initialize, ("Authorization", "Bearer token-one-1234567890")));
        Assert.Equal(HttpStatusCode.Unauthorized, tokenOnly.StatusCode);
        Assert.Contains("Api-Appid", await tokenOnly.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // ---------- tool selection ----------

    private static async Task<List<string>> ToolNamesAsync(ServerHost host, Dictionary<string, string>? headers = null)
    {
        await using var client = await host.ConnectAsync(headers: headers);
        return [.. (await client.ListToolsAsync()).Select(t => t.Name)];
    }

    [Fact]
    public async Task Read_only_mode_lists_only_read_tools_and_refuses_the_others()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_READ_ONLY", "true"));
        var names = await ToolNamesAsync(host);
        Assert.Contains("get_objects", names);
        Assert.DoesNotContain("delete_object", names);
        Assert.All(names, n => Assert.True(ToolCatalogTests.Catalog[n].ReadOnly, n));

        await using var client = await host.ConnectAsync();
        var error = (await client.CallAsync("delete_object", new { object_type = "contacts", id = 4 })).Error();
        Assert.Contains("read-only", error, StringComparison.Ordinal);
        Assert.NotNull(host.DemoAccount.Find(0, 4));
    }

    [Fact]
    public async Task Headers_narrow_but_never_widen()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_TOOLSETS", "crud"), ("ONTRAPORT_MCP_READ_ONLY", "true"));
        // asking for more toolsets or for write access gives nothing more
        var widened = await ToolNamesAsync(host, new() { ["X-MCP-Toolsets"] = "crud,query,manage,commerce", ["X-MCP-Readonly"] = "false" });
        Assert.Equal(["get_objects"], widened);

        await using var all = new ServerHost();
        var narrowed = await ToolNamesAsync(all, new() { ["X-MCP-Toolsets"] = "crud", ["X-MCP-Readonly"] = "true", ["X-MCP-Exclude-Tools"] = "get_objects" });
        Assert.Empty(narrowed);
        var crudWrites = await ToolNamesAsync(all, new() { ["X-MCP-Toolsets"] = "crud", ["X-MCP-Exclude-Tools"] = "delete_objects,delete_object" });
        Assert.Equal(["create_object", "get_objects", "saveorupdate_object", "update_object"], crudWrites.Order());
    }

    [Fact]
    public async Task A_tool_hidden_by_a_header_cannot_be_called()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["X-MCP-Exclude-Tools"] = "delete_object" });
        var error = (await client.CallAsync("delete_object", new { object_type = "contacts", id = 4 })).Error();
        Assert.Contains("exclude it", error, StringComparison.Ordinal);
        Assert.NotNull(host.DemoAccount.Find(0, 4));
    }

    [Fact]
    public async Task Read_only_beats_the_allow_list_and_exclude_beats_include()
    {
        await using var host = new ServerHost(
            ("ONTRAPORT_MCP_TOOLS", "get_objects,delete_object,update_object"),
            ("ONTRAPORT_MCP_EXCLUDE_TOOLS", "update_object"),
            ("ONTRAPORT_MCP_READ_ONLY", "true"));
        Assert.Equal(["get_objects"], await ToolNamesAsync(host));
    }

    [Theory]
    [InlineData("X-MCP-Toolsets", "crud,everything")]
    [InlineData("X-MCP-Readonly", "maybe")]
    [InlineData("X-MCP-Exclude-Tools", "drop_database")]
    public async Task Unknown_names_in_selection_headers_are_400(string header, string value)
    {
        await using var host = new ServerHost();
        using var response = await host.CreateClient().SendAsync(Post(Initialize, (header, value)));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(header, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tool_names_in_settings_stop_the_start()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_EXCLUDE_TOOLS", "delete_everything"));
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("delete_everything", error.ToString(), StringComparison.Ordinal);
    }

    // ---------- hosts and origins ----------

    [Fact]
    public async Task Configured_hosts_and_origins_are_allowed_and_others_refused()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_ALLOWED_HOSTS", "mcp.example.com"), ("ONTRAPORT_MCP_ALLOWED_ORIGINS", "https://app.example.com"));
        var http = host.CreateClient();
        var publicHost = Post();
        publicHost.Headers.Host = "mcp.example.com";
        using (var ok = await http.SendAsync(publicHost))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var origin = await http.SendAsync(Post(Initialize, ("Origin", "https://app.example.com"))))
        {
            Assert.Equal(HttpStatusCode.OK, origin.StatusCode);
        }

        using (var foreign = await http.SendAsync(Post(Initialize, ("Origin", "https://app.example.com.evil.net"))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        }

        var otherHost = Post();
        otherHost.Headers.Host = "example.com";
        using var refused = await http.SendAsync(otherHost);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    // ---------- audit ----------

    [Fact]
    public async Task Writes_and_refusals_are_audited_one_JSON_line_each_with_card_data_redacted()
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = new ServerHost(("ONTRAPORT_MCP_AUDIT_LOG", file), ("ONTRAPORT_MCP_EXCLUDE_TOOLS", "delete_objects"));
            await using var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["User-Agent"] = "e2e-tests/1.0" });
            await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 });                                     // read: not audited
            await client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { title = "card 4111 1111 1111 1111" } }); // write
            await client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { nope = 1 } });            // write refused
            await client.CallAsync("delete_objects", new { object_type = "contacts", ids = new[] { 1 } });                          // hidden tool
            using (await host.CreateClient().SendAsync(Post(Initialize, ("Origin", "http://evil.example")))) { }                     // 403

            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!).ToList();
            Assert.Equal(4, lines.Count);

            var write = lines.Single(l => l["event"]!.GetValue<string>() == "write" && l["outcome"]!.GetValue<string>() == "ok");
            Assert.Equal("update_object", write["tool"]!.GetValue<string>());
            Assert.Equal(ServerSettings.SandboxAppId, write["account"]!.GetValue<string>());
            Assert.Equal("e2e-tests", write["client"]!.GetValue<string>()[..9]);
            Assert.True(write["upstream_requests"]!.GetValue<int>() >= 1);
            Assert.True(write["duration_ms"]!.GetValue<double>() >= 0);
            Assert.Equal(1, write["arguments"]!["id"]!.GetValue<int>());
            Assert.DoesNotContain("4111", write.ToJsonString(), StringComparison.Ordinal);

            Assert.Contains(lines, l => l["tool"]?.GetValue<string>() == "update_object" && l["outcome"]!.GetValue<string>().StartsWith("refused", StringComparison.Ordinal));
            Assert.Contains(lines, l => l["tool"]?.GetValue<string>() == "delete_objects" && l["outcome"]!.GetValue<string>().Contains("not available", StringComparison.Ordinal));
            Assert.Contains(lines, l => l["event"]!.GetValue<string>() == "http_refused" && l["outcome"]!.GetValue<string>().Contains("403", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l["tool"]?.GetValue<string>() == "get_objects");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task An_unwritable_audit_log_never_fails_the_call()
    {
        await using var host = new ServerHost(("ONTRAPORT_MCP_AUDIT_LOG", "/proc/no-such-dir/audit.jsonl"));
        await using var client = await host.ConnectAsync();
        var answer = await client.CallAsync("update_object", new { object_type = "contacts", id = 1, values = new { title = "CEO" } });
        Assert.False(answer.IsError, answer.Text);
    }

    // ---------- limits ----------

    [Fact]
    public async Task Oversized_id_lists_and_strings_are_clear_errors()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var ids = (await client.CallAsync("get_objects", new { object_type = "contacts", ids = Enumerable.Range(1, 501).ToArray() })).Error();
        Assert.Contains("501 items; the limit is 500", ids, StringComparison.Ordinal);
        var text = (await client.CallAsync("get_objects", new { object_type = "contacts", search = new string('x', 10_001) })).Error();
        Assert.Contains("the limit is 10,000", text, StringComparison.Ordinal);
        Assert.Empty(host.UpstreamRequests());
    }

    [Fact]
    public async Task A_call_that_cannot_get_a_rate_limit_permit_within_its_budget_fails_clearly()
    {
        var time = new FakeClock();
        await using var host = new ServerHost(time, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "2"), ("ONTRAPORT_MCP_CALL_BUDGET_SECONDS", "5"));
        await using var client = await host.ConnectAsync();
        // The limit of 2/min leaves a burst of one request: the metadata read takes it, the page read's slot comes in ~60 s,
        // after the 5 s budget, so it is refused at once: the clock never moves and nothing waits.
        var limiter = host.Services.GetRequiredService<Ontraport.Client.RateLimiting.RateLimitPartitions>();
        var error = (await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 }).WaitAsync(TimeSpan.FromSeconds(30))).Error();
        Assert.Contains("rate limit", error, StringComparison.Ordinal);
        Assert.Contains("time budget", error, StringComparison.Ordinal);
        Assert.Contains("Retry after 60 s", error, StringComparison.Ordinal);
        Assert.Equal(0, limiter.QueuedCount);
        Assert.Equal(FakeClock.DefaultStart, time.GetUtcNow());
    }

    // ---------- exposure warning ----------

    [Fact]
    public async Task Account_mode_on_a_public_address_without_tokens_warns_loudly()
    {
        await using var exposed = new ServerHost(("ONTRAPORT_APP_ID", "2_AppID_9"), ("ONTRAPORT_API_KEY", "key-9-abcdef"), ("ONTRAPORT_BASE_URL", "embedded"));
        exposed.UseKestrel(o => o.ListenAnyIP(0));
        exposed.StartServer();
        Assert.Contains(exposed.Logs.Lines, l => l.Contains("SECURITY WARNING", StringComparison.Ordinal));

        await using var guarded = new ServerHost(("ONTRAPORT_APP_ID", "2_AppID_9"), ("ONTRAPORT_API_KEY", "key-9-abcdef"), ("ONTRAPORT_BASE_URL", "embedded"), ("ONTRAPORT_MCP_ACCESS_TOKENS", "token-one-1234567890"));
        guarded.UseKestrel(o => o.ListenAnyIP(0));
        guarded.StartServer();
        Assert.DoesNotContain(guarded.Logs.Lines, l => l.Contains("SECURITY WARNING", StringComparison.Ordinal));
    }

    // ---------- nothing secret anywhere ----------

    [Fact]
    public async Task A_full_session_never_writes_the_key_the_token_or_a_card_number_anywhere()
    {
        const string key = "sk-live-SECRET-key-8675309";
        const string token = "access-token-SECRET-31337";
        const string card = "4111111111111111";
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = new ServerHost(
                ("ONTRAPORT_APP_ID", "2_AppID_S"), ("ONTRAPORT_API_KEY", key), ("ONTRAPORT_BASE_URL", "embedded"),
                ("ONTRAPORT_MCP_ACCESS_TOKENS", token), ("ONTRAPORT_MCP_AUDIT_LOG", file + ",console"));
            var outputs = new List<string>();
            await using (var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Authorization"] = "Bearer " + token }))
            {
                object[] calls =
                [
                    new { tool = "get_objects", args = (object)new { object_type = "contacts", search = card } },
                    new { tool = "get_objects", args = (object)new { object_type = "contacts", condition = $"email = \"{card}@x.com\"" } },
                    new { tool = "update_object", args = (object)new { object_type = "contacts", id = 1, values = new { title = card } } },
                    new { tool = "update_object", args = (object)new { object_type = "contacts", id = 1, values = new { ccnumber = card } } },
                    new { tool = "saveorupdate_object", args = (object)new { object_type = "contacts", values = new { email = "x@y.co", notes = key } } },
                    new { tool = "create_object", args = (object)new { object_type = "companies", values = new { name = card }, dry_run = true } },
                    new { tool = "delete_objects", args = (object)new { object_type = "contacts" } },
                    new { tool = "get_objects", args = (object)new { object_type = "nonsense" } },
                    new { tool = "no_such_tool", args = (object)new { } },
                ];
                foreach (dynamic call in calls)
                {
                    try
                    {
                        outputs.Add((await client.CallAsync((string)call.tool, (object)call.args)).Text);
                    }
                    catch (ModelContextProtocol.McpException ex)
                    {
                        outputs.Add(ex.Message);
                    }
                }
            }

            using (var wrongToken = await host.CreateClient().SendAsync(Post(Initialize, ("Authorization", "Bearer " + key))))
            {
                outputs.Add(await wrongToken.Content.ReadAsStringAsync());
            }

            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var everything = string.Join("\n", outputs.Concat(host.Logs.Lines).Concat(await File.ReadAllLinesAsync(file)));
            Assert.Contains("update_object", everything, StringComparison.Ordinal); // the audit and logs did record the session
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(token, everything, StringComparison.Ordinal);
            Assert.DoesNotContain(card, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("4111 1111", everything, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task In_passthrough_each_request_s_own_key_is_scrubbed_from_its_result_its_audit_line_and_its_log_line()
    {
        const string key = "tenant-key-SECRET-424242";
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = new ServerHost(("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded"), ("ONTRAPORT_MCP_AUDIT_LOG", file));
            string text;
            await using (var client = await host.ConnectAsync(headers: new Dictionary<string, string> { ["Api-Appid"] = "2_tenant_scrub", ["Api-Key"] = key }))
            {
                // The key travels as data: in a value the tool echoes back, and in a condition the audit records.
                text = (await client.CallAsync("saveorupdate_object", new { object_type = "contacts", values = new { email = "scrub@example.com", notes = key } })).Text;
                text += (await client.CallAsync("get_objects", new { object_type = "contacts", condition = $"notes = \"{key}\"" })).Text;
            }

            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var audit = await File.ReadAllTextAsync(file);
            Assert.Contains("saveorupdate_object", audit, StringComparison.Ordinal);
            Assert.Contains("[redacted]", text + audit, StringComparison.Ordinal);
            Assert.DoesNotContain(key, text, StringComparison.Ordinal);
            Assert.DoesNotContain(key, audit, StringComparison.Ordinal);
            Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(key, StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_grant_s_allowance_only_narrows_and_money_is_off_unless_granted()
    {
        var server = ServerSettings.Load(new ConfigurationBuilder().Build()).Inventory();
        var reader = server.Restrict(new ToolAllowance(ReadOnly: false, new HashSet<string> { "query", "commerce" }, Money: false));
        Assert.True(reader.Allows("get_invoices"));
        Assert.False(reader.Allows("process_transaction"));
        Assert.Contains("granted", reader.WhyHidden("refund_transaction"), StringComparison.Ordinal);
        Assert.False(reader.Allows("get_objects")); // crud was not granted
        Assert.True(server.Restrict(new ToolAllowance(false, new HashSet<string> { "commerce" }, Money: true)).Allows("process_transaction"));
        Assert.False(server.Restrict(new ToolAllowance(ReadOnly: true, new HashSet<string> { "crud" }, Money: true)).Allows("delete_object"));

        // A grant cannot widen what the operator allows.
        var operatorReadOnly = ServerSettings.Load(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ONTRAPORT_MCP_READ_ONLY"] = "true" }).Build()).Inventory();
        Assert.False(operatorReadOnly.Restrict(new ToolAllowance(false, new HashSet<string>(Toolsets.All), Money: true)).Allows("process_transaction"));
    }
}
