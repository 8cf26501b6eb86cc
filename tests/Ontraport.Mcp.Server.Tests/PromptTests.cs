using System.Text.RegularExpressions;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The seed's four use cases as MCP prompts, and the server instructions, through the real McpClient: listed with their
/// arguments, rendered with the arguments given, refused clearly when a required one is missing, and naming only tools
/// that exist.
/// </summary>
public partial class PromptTests : IAsyncLifetime
{
    private readonly ServerHost _host = new();
    private McpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    public static TheoryData<string, string[], string[]> Prompts => new()
    {
        { "sales_deal_tracking", ["deal", "change"], ["contact", "company"] },
        { "email_list_health", ["period"], ["contact"] },
        { "account_governance", ["object_type", "proposed_field"], ["purpose"] },
        { "campaign_context", ["campaign"], ["role"] },
    };

    [Theory]
    [MemberData(nameof(Prompts))]
    public async Task Prompts_list_shows_each_use_case_with_its_arguments(string name, string[] required, string[] optional)
    {
        var prompts = await _client.ListPromptsAsync();
        Assert.Equal(["account_governance", "campaign_context", "email_list_health", "sales_deal_tracking"], prompts.Select(p => p.Name).Order());
        var prompt = prompts.Single(p => p.Name == name).ProtocolPrompt;
        Assert.False(string.IsNullOrWhiteSpace(prompt.Title));
        Assert.False(string.IsNullOrWhiteSpace(prompt.Description));
        var arguments = prompt.Arguments!;
        Assert.Equal(required.Order(), arguments.Where(a => a.Required == true).Select(a => a.Name).Order());
        Assert.Equal(optional.Order(), arguments.Where(a => a.Required != true).Select(a => a.Name).Order());
        Assert.All(arguments, a => Assert.False(string.IsNullOrWhiteSpace(a.Description), $"{name}.{a.Name} has no description"));
    }

    [Fact]
    public async Task Sales_deal_tracking_leads_to_the_upsert_the_link_and_the_update_of_that_deal()
    {
        var text = await TextAsync("sales_deal_tracking", new() { ["deal"] = "1234", ["change"] = "status Negotiation", ["contact"] = "Sarah Johnson, sarah@acme.com" });
        Assert.Contains("\"1234\": status Negotiation.", text, StringComparison.Ordinal);
        Assert.Contains("Contact: Sarah Johnson, sarah@acme.com.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Company:", text, StringComparison.Ordinal);
        AssertInOrder(text, "get_objects", "get_object_meta", "saveorupdate_object", "manage_relationships", "update_object");
        Assert.Contains("dry_run", text, StringComparison.Ordinal);
        Assert.Contains("a desk, not a warehouse", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_list_health_ends_in_a_condition_for_the_api_not_in_bulk_writes()
    {
        var text = await TextAsync("email_list_health", new() { ["period"] = "last 90 days", ["contact"] = "John Smith" });
        Assert.Contains("since last 90 days", text, StringComparison.Ordinal);
        Assert.Contains("Audit John Smith with get_contact_log", text, StringComparison.Ordinal);
        AssertInOrder(text, "get_recent_messages", "get_contact_log", "count_objects", "build_api_condition");
        Assert.Contains("workflow tool such as n8n, Zapier or Make", text, StringComparison.Ordinal);
        Assert.Contains("Do not tag, unsubscribe or delete the segment", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Account_governance_checks_the_existing_fields_before_a_new_one()
    {
        var text = await TextAsync("account_governance", new() { ["object_type"] = "deals", ["proposed_field"] = "Coaching Program" });
        Assert.Contains("create a field \"Coaching Program\" on deals.", text, StringComparison.Ordinal);
        AssertInOrder(text, "list_allowed_object_types", "get_object_meta for deals");
        Assert.Contains("reuse an existing field", text, StringComparison.Ordinal);
        Assert.Contains("Read only; change nothing.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Campaign_context_keeps_the_campaign_and_names_the_journey_tools()
    {
        var text = await TextAsync("campaign_context", new() { ["campaign"] = "Q3 Summer Promo", ["role"] = "sales rep" });
        Assert.StartsWith("You are an assistant for the Q3 Summer Promo campaign, working with a sales rep. Keep this context", text, StringComparison.Ordinal);
        AssertInOrder(text, "get_scheduled_broadcasts", "get_recent_messages", "get_subscribers", "manage_tags", "manage_subscriptions", "assign_task", "complete_task");
        Assert.Contains("a desk, not a warehouse", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sales_deal_tracking", "deal")]
    [InlineData("account_governance", "proposed_field")]
    [InlineData("campaign_context", "campaign")]
    public async Task A_missing_required_argument_is_a_clear_error(string prompt, string missing)
    {
        var arguments = new Dictionary<string, object?> { ["change"] = "x", ["object_type"] = "deals" };
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => _client.GetPromptAsync(prompt, arguments).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        Assert.Contains($"'{missing}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(prompt, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_prompt_is_invalid_params_and_no_server_error()
    {
        var error = await Assert.ThrowsAsync<McpProtocolException>(() => _client.GetPromptAsync("sales_forecast").AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, error.ErrorCode);
        await _client.GetPromptAsync("campaign_context", new Dictionary<string, object?> { ["campaign"] = "x" }); // only a bad call may be filtered out
        Assert.Empty(_host.Logs.Errors);
    }

    [Fact]
    public async Task Prompts_and_instructions_name_only_tools_that_exist()
    {
        var texts = new List<string> { _client.ServerInstructions! };
        texts.Add(await TextAsync("sales_deal_tracking", new() { ["deal"] = "1", ["change"] = "x" }));
        texts.Add(await TextAsync("email_list_health", new() { ["period"] = "this month" }));
        texts.Add(await TextAsync("account_governance", new() { ["object_type"] = "contacts", ["proposed_field"] = "x" }));
        texts.Add(await TextAsync("campaign_context", new() { ["campaign"] = "x" }));
        var known = ToolCatalog.All.Select(t => t.Name).ToHashSet();
        var named = texts.SelectMany(t => ToolName().Matches(t).Select(m => m.Value)).Where(w => w.StartsWith("get_", StringComparison.Ordinal) || w.Contains("_object", StringComparison.Ordinal) ||
            w.StartsWith("manage_", StringComparison.Ordinal) || w.EndsWith("_task", StringComparison.Ordinal) || w.EndsWith("_transaction", StringComparison.Ordinal) || w.EndsWith("_invoice", StringComparison.Ordinal)).ToHashSet();
        Assert.NotEmpty(named);
        Assert.Empty(named.Except(known));
    }

    [Fact]
    public void The_instructions_are_short_and_name_a_starting_tool_for_each_kind_of_question()
    {
        // Claude Code cuts server instructions beyond 2,048 characters; the shared parameters are defined there.
        Assert.True(ServerInstructions.Text.Length <= ServerInstructions.MaxCharacters, $"{ServerInstructions.Text.Length} characters");
        foreach (var start in new[] { "list_allowed_object_types", "get_object_meta", "get_objects", "count_objects", "saveorupdate_object", "get_contact_log", "get_recent_messages", "manage_tags", "get_recent_tasks", "get_invoices" })
        {
            Assert.Contains(start, ServerInstructions.Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_instructions_reach_the_client_at_initialize()
    {
        Assert.Equal(ServerInstructions.Text, _client.ServerInstructions);
    }

    private async Task<string> TextAsync(string prompt, Dictionary<string, object?> arguments)
    {
        var result = await _client.GetPromptAsync(prompt, arguments);
        var message = Assert.Single(result.Messages);
        Assert.Equal(Role.User, message.Role);
        return Assert.IsType<TextContentBlock>(message.Content).Text;
    }

    private static void AssertInOrder(string text, params string[] words)
    {
        var at = 0;
        foreach (var word in words)
        {
            var next = text.IndexOf(word, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"'{word}' is missing, or comes before the previous step");
            at = next + word.Length;
        }
    }

    [GeneratedRegex("[a-z]+(?:_[a-z]+)+")]
    private static partial Regex ToolName();
}
