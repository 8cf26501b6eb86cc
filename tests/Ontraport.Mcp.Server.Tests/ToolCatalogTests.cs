using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Tools.Parameters;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// One reflection test over all tools (STYLE.md): the catalog of DESIGN §4.3 (group, ReadOnly, Destructive, Idempotent;
/// every tool OpenWorld), unique names, descriptions on tools and parameters, no top-level anyOf/oneOf/allOf, typed
/// parameters; what the client sees of the hints on the wire is <see cref="DirectoryRulesTests"/>.
/// </summary>
public class ToolCatalogTests
{
    /// <summary>
    /// What every conversation pays before its first question (issue 14), measured in both eras by
    /// <see cref="DirectoryRulesTests.Tools_list_fits_its_byte_budget"/>: 59,741 bytes before issue 14, 39,841 before the
    /// shared parameters were defined once in the server instructions, 23,889 after (2026-07-28 era; 23,665 in the
    /// initialize era). Issue 19 made every hint explicit (+1,571 bytes) and gave the free-form parameters their types,
    /// paid for by shorter descriptions and by what the instructions define once (shared defaults, the lines of
    /// products). No output schema is sent (answers are one JSON text block, see README).
    /// </summary>
    public const int ToolsListBudget = 24_000;

    /// <summary>DESIGN §4.3, row by row: name → (toolset, R, D, I).</summary>
    public static readonly IReadOnlyDictionary<string, (string Toolset, bool ReadOnly, bool Destructive, bool Idempotent)> Catalog =
        new Dictionary<string, (string, bool, bool, bool)>
        {
            ["saveorupdate_object"] = ("crud", false, false, true),
            ["create_object"] = ("crud", false, false, false),
            ["get_objects"] = ("crud", true, false, true),
            ["update_object"] = ("crud", false, false, true),
            ["delete_object"] = ("crud", false, true, true),
            ["delete_objects"] = ("crud", false, true, true),
            ["list_allowed_object_types"] = ("query", true, false, true),
            ["get_object_meta"] = ("query", true, false, true),
            ["count_objects"] = ("query", true, false, true),
            ["get_account_info"] = ("query", true, false, true),
            ["get_groups"] = ("query", true, false, true),
            ["get_subscribers"] = ("query", true, false, true),
            ["get_contact_log"] = ("query", true, false, true),
            ["get_automation_log"] = ("query", true, false, true),
            ["get_recent_messages"] = ("query", true, false, true),
            ["get_recent_notes"] = ("query", true, false, true),
            ["get_recent_tasks"] = ("query", true, false, true),
            ["get_task_form_requirements"] = ("query", true, false, true),
            ["get_scheduled_broadcasts"] = ("query", true, false, true),
            ["get_landing_page_url"] = ("query", true, false, true),
            ["build_api_condition"] = ("query", true, false, true),
            ["manage_tags"] = ("manage", false, false, true),
            ["manage_subscriptions"] = ("manage", false, false, true),
            ["manage_relationships"] = ("manage", false, false, true),
            ["assign_task"] = ("manage", false, false, false),
            ["complete_task"] = ("manage", false, false, true),
            ["cancel_task"] = ("manage", false, false, true),
            ["reschedule_task"] = ("manage", false, false, true),
            ["pause_unpause_objects"] = ("manage", false, false, true),
            ["get_invoices"] = ("commerce", true, false, true),
            ["get_purchases"] = ("commerce", true, false, true),
            ["get_failed_transactions"] = ("commerce", true, false, true),
            ["get_payments"] = ("commerce", true, false, true),
            ["create_invoice"] = ("commerce", false, false, false),
            ["update_invoice"] = ("commerce", false, false, true),
            ["pay_invoice"] = ("commerce", false, true, false),
            ["process_transaction"] = ("commerce", false, true, false),
            ["log_offline_purchase"] = ("commerce", false, false, false),
            ["mark_transaction_paid"] = ("commerce", false, false, true),
            ["rerun_transaction"] = ("commerce", false, true, false),
            ["refund_transaction"] = ("commerce", false, true, false),
            ["void_transaction"] = ("commerce", false, true, true),
            ["write_off_transaction"] = ("commerce", false, true, true),
            ["cancel_subscription"] = ("commerce", false, true, true),
            ["convert_transaction"] = ("commerce", false, true, true),
            ["send_invoice"] = ("commerce", false, false, false),
            ["update_order"] = ("commerce", false, false, true),
            ["validate_offer"] = ("commerce", true, false, true),

            // DESIGN §9: OpenAI's search and fetch, for ChatGPT's deep research and company knowledge.
            ["search"] = ("search", true, false, true),
            ["fetch"] = ("search", true, false, true),
        };

    /// <summary>
    /// Parameters whose names OpenAI's search/fetch contract fixes (DESIGN §9): <c>query</c> and <c>id</c> (a string,
    /// <c>contacts/5</c>, not the shared record id), so each is described in its own schema.
    /// </summary>
    public static readonly IReadOnlySet<(string Tool, string Parameter)> OpenAiShape = new HashSet<(string, string)> { ("search", "query"), ("fetch", "id") };

    [Fact]
    public void The_catalog_s_toolsets_are_the_ones_settings_headers_and_grants_name()
    {
        Assert.Equal(ToolCatalog.All.Count, Catalog.Count);
        Assert.Equal(["commerce", "crud", "manage", "query", "search"], Catalog.Values.Select(v => v.Toolset).Distinct().Order());
        Assert.Equal(Catalog.Values.Select(v => v.Toolset).Distinct().Order(), Toolsets.All.Order()); // settings, headers, the consent page and grants all read this one list
    }

    [Fact]
    public void Every_implemented_tool_is_in_the_catalog_with_its_toolset_and_annotations()
    {
        Assert.NotEmpty(ToolCatalog.All);
        Assert.Equal(ToolCatalog.All.Count, ToolCatalog.All.Select(t => t.Name).Distinct().Count());
        foreach (var tool in ToolCatalog.All)
        {
            Assert.True(Catalog.TryGetValue(tool.Name, out var expected), $"{tool.Name} is not in the DESIGN catalog");
            Assert.Equal((expected.Toolset, expected.ReadOnly, expected.Destructive, expected.Idempotent, true),
                (tool.Toolset, tool.ReadOnly, tool.Destructive, tool.Idempotent, tool.OpenWorld));
        }
    }

    [Fact]
    public void Every_tool_of_the_catalog_is_implemented()
    {
        Assert.Equal(Catalog.Keys.Order(StringComparer.Ordinal), ToolCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Money_moving_tools_take_dry_run_and_allow_duplicate_and_are_never_read_only()
    {
        var money = ToolCatalog.All.Where(t => t.MoneyMoving).ToList();
        Assert.Contains(money, t => t.Name == "process_transaction");
        Assert.Contains(money, t => t.Name == "refund_transaction");
        Assert.Contains(money, t => t.Name == "pay_invoice");
        foreach (var tool in money)
        {
            var parameters = tool.Method.GetParameters().Select(p => p.Name).ToHashSet();
            Assert.True(parameters.IsSupersetOf(["dry_run", "allow_duplicate"]), $"{tool.Name} lacks dry_run or allow_duplicate");
            Assert.False(tool.ReadOnly);
            Assert.Equal("commerce", tool.Toolset);
        }
    }

    [Fact]
    public void Every_write_tool_offers_dry_run()
    {
        foreach (var tool in ToolCatalog.All.Where(t => !t.ReadOnly))
        {
            Assert.Contains(tool.Method.GetParameters(), p => p.Name == "dry_run");
        }
    }

    [Fact]
    public void Every_hint_is_set_explicitly_in_code()
    {
        // The SDK's defaults (Destructive = true, …) are wrong for most tools; a hint left unset would silently take them.
        foreach (var tool in ToolCatalog.All)
        {
            var data = tool.Method.GetCustomAttributesData().Single(a => a.AttributeType.Name == "McpServerToolAttribute");
            var named = data.NamedArguments.Select(a => a.MemberName).ToHashSet();
            Assert.True(named.IsSupersetOf(["Name", "Title", "ReadOnly", "Destructive", "Idempotent", "OpenWorld"]),
                $"{tool.Name} sets only {string.Join(", ", named)}");
        }
    }

    [Fact]
    public void Every_tool_and_every_parameter_has_a_description_here_or_once_in_the_instructions()
    {
        foreach (var tool in ToolCatalog.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(tool.Method.GetCustomAttribute<DescriptionAttribute>()?.Description), $"{tool.Name} has no description");
            foreach (var parameter in tool.Method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
            {
                var own = parameter.GetCustomAttribute<DescriptionAttribute>()?.Description;
                if (ToolParameters.Names.Contains(parameter.Name!) && !OpenAiShape.Contains((tool.Name, parameter.Name!)))
                {
                    Assert.True(own is null, $"{tool.Name}.{parameter.Name} is a shared parameter (defined once in the instructions) but says \"{own}\"");
                }
                else
                {
                    Assert.False(string.IsNullOrWhiteSpace(own), $"{tool.Name}.{parameter.Name} has no description and is not a shared parameter");
                }
            }
        }
    }

    [Fact]
    public async Task Tools_list_shows_the_annotations_and_plain_object_schemas()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var tools = await client.ListToolsAsync();
        Assert.Equal(ToolCatalog.All.Select(t => t.Name).Order(), tools.Select(t => t.Name).Order());
        foreach (var tool in tools)
        {
            var annotations = tool.ProtocolTool.Annotations!;
            Assert.False(string.IsNullOrWhiteSpace(annotations.Title));
            var schema = tool.ProtocolTool.InputSchema;
            Assert.Equal("object", schema.GetProperty("type").GetString());
            foreach (var keyword in new[] { "anyOf", "oneOf", "allOf" })
            {
                Assert.False(schema.TryGetProperty(keyword, out _), $"{tool.Name} has a top-level {keyword}");
            }

            Assert.All(schema.GetProperty("properties").EnumerateObject(), p =>
                Assert.True(p.Value.TryGetProperty("description", out _) != (ToolParameters.Names.Contains(p.Name) && !OpenAiShape.Contains((tool.Name, p.Name))),
                    $"{tool.Name}.{p.Name}: a shared parameter has no description in its schema (the instructions define it), every other one has"));
        }
    }

    [Fact]
    public void Tool_descriptions_stay_short_so_tools_list_is_cheap()
    {
        foreach (var tool in ToolCatalog.All)
        {
            var description = tool.Method.GetCustomAttribute<DescriptionAttribute>()!.Description;
            Assert.True(description.Length <= 400, $"{tool.Name}: {description.Length} characters");
        }
    }

    [Fact]
    public void Parameter_names_follow_the_contract()
    {
        // DESIGN §4.1: snake_case names; the shared concepts use the shared names.
        var forbidden = new Dictionary<string, string>
        {
            ["objectType"] = "object_type", ["objectId"] = "id", ["dryRun"] = "dry_run", ["type"] = "object_type",
            ["where"] = "condition", ["filter"] = "condition", ["query"] = "condition or search", ["range"] = "limit",
            ["offset"] = "start", ["sortDir"] = "sort_dir", ["contact_id"] = "contact",
        };
        foreach (var tool in ToolCatalog.All)
        {
            foreach (var parameter in tool.Method.GetParameters().Where(p => p.ParameterType != typeof(CancellationToken)))
            {
                Assert.Matches("^[a-z][a-z0-9_]*$", parameter.Name!);
                Assert.False(forbidden.ContainsKey(parameter.Name!) && !OpenAiShape.Contains((tool.Name, parameter.Name!)), $"{tool.Name}.{parameter.Name} should be {forbidden.GetValueOrDefault(parameter.Name!)}");
            }
        }
    }

    [Fact]
    public async Task Every_parameter_says_what_it_takes_even_a_free_form_one()
    {
        // A JsonElement parameter is any JSON to the exporter, an empty schema no client can check (the Inspector warns):
        // each one names its JSON types.
        foreach (var tool in ToolCatalog.All)
        {
            foreach (var parameter in tool.Method.GetParameters().Where(p => p.ParameterType == typeof(JsonElement) || p.ParameterType == typeof(JsonElement?)))
            {
                Assert.True(parameter.GetCustomAttribute<JsonTypesAttribute>() is { Types.Count: > 0 }, $"{tool.Name}.{parameter.Name} does not say which JSON it takes");
            }
        }

        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        foreach (var tool in await client.ListToolsAsync())
        {
            foreach (var property in tool.ProtocolTool.InputSchema.GetProperty("properties").EnumerateObject())
            {
                var typed = property.Value.TryGetProperty("type", out _) ||
                    (property.Value.TryGetProperty("anyOf", out var anyOf) && anyOf.EnumerateArray().All(branch => branch.TryGetProperty("type", out _)));
                Assert.True(typed, $"{tool.Name}.{property.Name} has no type: {property.Value}");
            }
        }

        var condition = (await client.ListToolsAsync()).Single(t => t.Name == "get_objects").ProtocolTool.InputSchema.GetProperty("properties").GetProperty("condition");
        Assert.Equal(["string", "array"], condition.GetProperty("anyOf").EnumerateArray().Select(b => b.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Optional_parameters_are_simply_not_required_and_choices_and_ranges_are_in_the_schema()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var tools = (await client.ListToolsAsync()).ToDictionary(t => t.Name, t => JsonNode.Parse(t.ProtocolTool.InputSchema.GetRawText())!);
        var text = string.Join("\n", tools.Values.Select(t => t.ToJsonString()));
        Assert.DoesNotContain("\"null\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"default\":null", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"default\":false", text, StringComparison.Ordinal);

        // The shared parameters' ranges are stated once, in the instructions (issue 19 paid for the explicit hints with
        // them); calls are still checked against them through the call schema.
        Assert.Contains("page offset from 0 (next_start), size 1-50 (20)", ServerInstructions.Text, StringComparison.Ordinal);
        foreach (var tool in ToolCatalog.All.Where(t => tools.ContainsKey(t.Name)))
        {
            var published = tools[tool.Name]["properties"]!.AsObject();
            var checkedAgainst = JsonNode.Parse(tool.CallSchema!.Value.GetRawText())!["properties"]!;
            if (published["limit"] is { } limit)
            {
                Assert.Null(limit["minimum"]);
                Assert.Equal((1, 50), (checkedAgainst["limit"]!["minimum"]!.GetValue<int>(), checkedAgainst["limit"]!["maximum"]!.GetValue<int>()));
            }

            if (published["start"] is { } start)
            {
                Assert.Null(start["minimum"]);
                Assert.Equal(0, checkedAgainst["start"]!["minimum"]!.GetValue<int>());
                Assert.Null(checkedAgainst["start"]!["maximum"]);
            }
        }

        Assert.Equal(["asc", "desc"], Enum(tools["get_objects"], "sort_dir"));
        Assert.Equal(["add", "remove"], Enum(tools["manage_tags"], "action"));
        Assert.Equal(["subscribe", "unsubscribe"], Enum(tools["manage_subscriptions"], "action"));
        Assert.Equal(["link", "unlink"], Enum(tools["manage_relationships"], "action"));
        Assert.Equal(["pause", "unpause"], Enum(tools["pause_unpause_objects"], "action"));
        Assert.Equal(["collections", "declined"], Enum(tools["convert_transaction"], "to"));
        Assert.Equal(["day", "week", "month", "quarter", "year"], Enum(tools["update_order"], "unit"));
        Assert.Equal(["draft", "open"], Enum(tools["create_invoice"], "status"));
        Assert.Equal(0, tools["refund_transaction"]["properties"]!["amount"]!["minimum"]!.GetValue<int>());
    }

    [Fact]
    public async Task Shared_parameters_have_one_definition_in_the_instructions_and_each_is_used()
    {
        // DESIGN §4.1's shared names, defined once (Tools/Parameters/ToolParameters) in the instructions every client gets.
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var instructions = client.ServerInstructions!;
        var used = ToolCatalog.All.SelectMany(t => t.Method.GetParameters()).Select(p => p.Name!).ToHashSet();
        foreach (var shared in ToolParameters.Shared)
        {
            Assert.Contains($"\n{shared.Label}: {shared.Definition}.", instructions, StringComparison.Ordinal);
            Assert.All(shared.Names, n => Assert.True(used.Contains(n), $"{n} is defined but no tool takes it"));
        }

        Assert.Equal(ToolParameters.Shared.Sum(s => s.Names.Length), ToolParameters.Names.Count); // no name defined twice
    }

    [Theory]
    [InlineData("get_objects", """{"object_type":"contacts","sort_dir":"sideways"}""", "sort_dir must be asc or desc, not \"sideways\".")]
    [InlineData("get_objects", """{"object_type":"contacts","limit":80}""", "limit must be between 1 and 50, not 80.")]
    [InlineData("get_recent_notes", """{"start":-3}""", "start must be 0 or more, not -3.")]
    [InlineData("manage_tags", """{"action":"toggle","tag_ids":[3],"ids":[1]}""", "action must be add or remove, not \"toggle\".")]
    [InlineData("update_order", """{"order_id":1,"unit":"fortnight"}""", "unit must be day, week, month, quarter or year, not \"fortnight\".")]
    [InlineData("refund_transaction", """{"transaction_id":1,"amount":-5}""", "amount must be 0 or more, not -5.")]
    public async Task An_argument_outside_its_schema_is_refused_by_name_before_any_request(string tool, string arguments, string expected)
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var answer = await client.CallAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments));
        Assert.Contains(expected, answer.Error(), StringComparison.Ordinal);
        Assert.Empty(host.UpstreamRequests());
    }

    [Fact]
    public async Task A_choice_in_another_case_and_a_null_optional_argument_are_accepted()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();
        var page = (await client.CallAsync("get_objects", new Dictionary<string, object?>
        {
            ["object_type"] = "contacts", ["sort"] = "id", ["sort_dir"] = "DESC", ["limit"] = 2, ["id"] = null, ["search"] = null,
        })).Ok();
        var ids = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.True(ids[0] > ids[1], "DESC was read as desc");
        var dryRun = (await client.CallAsync("manage_tags", new Dictionary<string, object?> { ["action"] = "Add", ["tag_ids"] = new[] { 3 }, ["ids"] = new[] { 1 }, ["dry_run"] = true, ["confirm_count"] = null })).Ok();
        Assert.NotNull(dryRun);
        Assert.DoesNotContain(host.UpstreamRequests(), r => !r.Method.Equals("GET", StringComparison.OrdinalIgnoreCase));
    }

    private static string[] Enum(JsonNode schema, string property) =>
        [.. schema["properties"]![property]!["enum"]!.AsArray().Select(v => v!.GetValue<string>())];

    internal static JsonElement Schema(Tool tool) => tool.InputSchema;
}
