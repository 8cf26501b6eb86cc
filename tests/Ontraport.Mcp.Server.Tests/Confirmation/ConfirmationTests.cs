using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;
using static Ontraport.Mcp.Server.Tests.Confirmation.ConfirmationClients;

namespace Ontraport.Mcp.Server.Tests.Confirmation;

/// <summary>
/// A person's yes before money moves (issue 21 part 2): the SDK client of 2026-07-28 with a form-elicitation handler that
/// accepts, declines or cancels; raw JSON-RPC for the states a real client never sends; ONTRAPORT_MCP_CONFIRM=required
/// with and without a dry run's confirmation. Every charge is counted on the sandbox's gateway ledger.
/// </summary>
public class ConfirmationTests(ITestOutputHelper output)
{
    private static readonly object Charge = new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 };

    private static JsonObject ChargeJson(decimal total = 299) => JsonNode.Parse($$"""{"contact":"Jane Doe","products":[{"product_id":2}],"total":{{total}}}""")!.AsObject();

    [Fact]
    public async Task An_accepted_question_charges_exactly_once_and_nothing_goes_out_before_the_answer()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        var wire = new List<JsonNode>();
        var asked = new List<ElicitRequestParams>();
        var writesWhenAsked = -1;
        await using var client = await AskingClientAsync(host, question =>
        {
            asked.Add(question);
            writesWhenAsked = host.Writes.Count;
            return Accept();
        }, wire);

        var answer = (await client.CallAsync("process_transaction", Charge)).Ok();

        Assert.Equal("299.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal(0, writesWhenAsked);
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
        var question = Assert.Single(asked);
        Assert.Equal("Charge 299.00 USD for Jane Doe on Mastercard ending 4444 through Stripe. Nothing is sent until you confirm; it is sent once. (process_transaction)", question.Message);
        Assert.Equal(["confirm"], question.RequestedSchema!.Required!);
        Assert.IsType<ElicitRequestParams.BooleanSchema>(question.RequestedSchema.Properties["confirm"]);

        // On the wire: an input_required result with one elicitation/create form and a sealed state, then the retry.
        Assert.Equal(2, wire.Count);
        var first = wire[0]["received"]!["result"]!;
        Assert.Equal("input_required", first["resultType"]!.GetValue<string>());
        Assert.Equal("elicitation/create", first["inputRequests"]!["confirm"]!["method"]!.GetValue<string>());
        var state = first["requestState"]!.GetValue<string>();
        Assert.DoesNotContain("Jane", state, StringComparison.Ordinal);
        Assert.Equal(state, wire[1]["sent"]!["params"]!["requestState"]!.GetValue<string>());
        Assert.Equal("complete", wire[1]["received"]!["result"]!["resultType"]!.GetValue<string>());
        var flow = new JsonArray([.. wire.Select(w => w.DeepClone())]).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        output.WriteLine(flow);
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "confirmation-flow.json"), flow);
    }

    [Theory]
    [InlineData("decline", "declined")]
    [InlineData("cancel", "cancelled")]
    [InlineData("accept", "did not confirm")]
    public async Task A_declined_cancelled_or_unconfirmed_question_charges_nothing_and_is_no_error(string action, string said)
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        await using var client = await AskingClientAsync(host, _ => action switch { "decline" => Decline(), "cancel" => Cancel(), _ => Accept(confirm: false) });

        var answer = (await client.CallAsync("process_transaction", Charge)).Ok();

        Assert.True(answer["declined"]!.GetValue<bool>());
        Assert.Contains($"The person {said}; nothing was sent", answer["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(host.Writes);
        Assert.Empty(host.DemoAccount.Ledger);
    }

    [Fact]
    public async Task A_client_that_can_ask_asks_the_person_even_when_the_model_brings_a_dry_runs_confirmation()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        var asked = 0;
        await using var client = await AskingClientAsync(host, _ =>
        {
            asked++;
            return Decline();
        });

        var dry = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true })).Ok();
        var confirmation = dry["confirmation"]!.GetValue<string>();
        var answer = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, confirmation })).Ok();

        Assert.Equal(1, asked);
        Assert.True(answer["declined"]!.GetValue<bool>());
        Assert.Empty(host.Writes);
        Assert.Empty(host.DemoAccount.Ledger);
    }

    [Fact]
    public async Task A_bulk_delete_asks_with_how_many_records_and_deletes_after_the_yes()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        string? message = null;
        await using var client = await AskingClientAsync(host, question =>
        {
            message = question.Message;
            return Accept();
        });

        var answer = (await client.CallAsync("delete_objects", new { object_type = "contacts", ids = new[] { 1, 2 } })).Ok();

        Assert.Equal(2, answer["deleted"]!.GetValue<int>());
        Assert.Equal("Permanently delete 2 contacts with ids 1, 2. Nothing is sent until you confirm; it is sent once. (delete_objects)", message);
        Assert.Single(host.Writes);
    }

    [Fact]
    public async Task A_state_that_was_altered_reused_or_given_for_other_arguments_sends_nothing_and_says_why()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        using var http = host.CreateClient();
        var asked = await CallRawAsync(http, "process_transaction", ChargeJson());
        Assert.Equal("input_required", asked["resultType"]!.GetValue<string>());
        Assert.Empty(host.Writes);
        var state = asked["requestState"]!.GetValue<string>();

        var altered = await CallRawAsync(http, "process_transaction", ChargeJson(), state[..^4] + "AAAA", Answer("accept", true));
        Assert.True(IsError(altered));
        Assert.Contains("not one this server sealed", TextOf(altered), StringComparison.Ordinal);
        Assert.Contains("Call process_transaction again without requestState to be asked again.", TextOf(altered), StringComparison.Ordinal);

        var questionAsYes = ChargeJson();
        questionAsYes["confirmation"] = state; // a question's state is not a yes
        Assert.Contains("not one this server sealed", TextOf(await CallRawAsync(http, "process_transaction", questionAsYes)), StringComparison.Ordinal);

        var retargeted = await CallRawAsync(http, "process_transaction", ChargeJson(total: 2990), state, Answer("accept", true));
        Assert.True(IsError(retargeted));
        Assert.Contains("for another tool or other arguments", TextOf(retargeted), StringComparison.Ordinal);
        var otherTool = await CallRawAsync(http, "delete_objects", JsonNode.Parse("""{"object_type":"contacts","ids":[1]}""")!.AsObject(), state, Answer("accept", true));
        Assert.Contains("for another tool or other arguments", TextOf(otherTool), StringComparison.Ordinal);
        Assert.Empty(host.Writes);

        var done = await CallRawAsync(http, "process_transaction", ChargeJson(), state, Answer("accept", true));
        Assert.False(IsError(done), TextOf(done));
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));

        var replayed = await CallRawAsync(http, "process_transaction", ChargeJson(), state, Answer("accept", true));
        Assert.True(IsError(replayed));
        Assert.Contains("already been used", TextOf(replayed), StringComparison.Ordinal);
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task A_state_older_than_ten_minutes_sends_nothing()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        using var http = host.CreateClient();
        var state = (await CallRawAsync(http, "process_transaction", ChargeJson()))["requestState"]!.GetValue<string>();
        host.Clock.Advance(TimeSpan.FromMinutes(10));

        var expired = await CallRawAsync(http, "process_transaction", ChargeJson(), state, Answer("accept", true));

        Assert.True(IsError(expired));
        Assert.Contains("has expired", TextOf(expired), StringComparison.Ordinal);
        Assert.Empty(host.Writes);
    }

    [Fact]
    public async Task A_state_or_confirmation_given_to_another_account_sends_nothing()
    {
        await using var host = new ServerHost(ServerHost.Weekend, ("ONTRAPORT_MCP_MODE", "passthrough"), ("ONTRAPORT_BASE_URL", "embedded"));
        using var http = host.CreateClient();
        var alice = new Dictionary<string, string> { ["Api-Appid"] = "2_alice", ["Api-Key"] = "alice-key" };
        var mallory = new Dictionary<string, string> { ["Api-Appid"] = "2_alice", ["Api-Key"] = "mallory-key" };
        var state = (await CallRawAsync(http, "process_transaction", ChargeJson(), headers: alice))["requestState"]!.GetValue<string>();
        var dry = ChargeJson();
        dry["dry_run"] = true;
        var confirmation = JsonNode.Parse(TextOf(await CallRawAsync(http, "process_transaction", dry, headers: alice)))!["confirmation"]!.GetValue<string>();

        var foreignState = await CallRawAsync(http, "process_transaction", ChargeJson(), state, Answer("accept", true), mallory);
        var withConfirmation = ChargeJson();
        withConfirmation["confirmation"] = confirmation;
        var foreignConfirmation = await CallRawAsync(http, "process_transaction", withConfirmation, headers: new Dictionary<string, string> { ["Api-Appid"] = "2_bob", ["Api-Key"] = "bob-key" });

        Assert.Contains("was given to another account or key", TextOf(foreignState), StringComparison.Ordinal);
        Assert.Contains("was given to another account or key", TextOf(foreignConfirmation), StringComparison.Ordinal);
        Assert.True(IsError(foreignState) && IsError(foreignConfirmation));
        Assert.Empty(host.Writes);
        Assert.DoesNotContain(host.UpstreamRequests(host.Sandbox.Account("2_bob")), r => r.Method != "GET");
    }

    [Fact]
    public async Task Required_refuses_a_client_that_cannot_ask_until_it_brings_a_dry_runs_confirmation_which_works_once()
    {
        await using var host = new ServerHost(ServerHost.Weekend, ("ONTRAPORT_MCP_CONFIRM", "required"));
        await host.StartAsync(); // the SDK client without an elicitation handler: it cannot ask

        var refused = (await host.CallAsync("process_transaction", Charge)).Error();
        Assert.Contains("ONTRAPORT_MCP_CONFIRM=required", refused, StringComparison.Ordinal);
        Assert.Contains("dry_run: true", refused, StringComparison.Ordinal);
        Assert.Empty(host.Writes);

        var dry = (await host.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true })).Ok();
        var confirmation = dry["confirmation"]!.GetValue<string>();
        Assert.Empty(host.Writes);

        var other = (await host.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 300, confirmation })).Error();
        Assert.Contains("for another tool or other arguments", other, StringComparison.Ordinal);
        Assert.Empty(host.Writes);

        (await host.CallAsync("process_transaction", new { total = 299, products = new[] { new { product_id = 2 } }, contact = "Jane Doe", confirmation })).Ok();
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));

        var reused = (await host.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, confirmation })).Error();
        Assert.Contains("already been used", reused, StringComparison.Ordinal);
        var forced = (await host.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, confirmation, allow_duplicate = true })).Error();
        Assert.Contains("other arguments", forced, StringComparison.Ordinal); // allow_duplicate is part of what the person agreed to
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task Auto_leaves_a_client_that_cannot_ask_as_it_was_and_off_never_asks()
    {
        await using (var host = new ServerHost(ServerHost.Weekend))
        {
            await host.StartAsync();
            (await host.CallAsync("process_transaction", Charge)).Ok();
            Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
        }

        await using (var host = new ServerHost(ServerHost.Weekend, ("ONTRAPORT_MCP_CONFIRM", "off")))
        {
            var asked = 0;
            await using var client = await AskingClientAsync(host, _ =>
            {
                asked++;
                return Decline();
            });
            (await client.CallAsync("process_transaction", Charge)).Ok();
            var dry = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299, dry_run = true, allow_duplicate = true })).Ok();
            Assert.Equal(0, asked);
            Assert.Null(dry["confirmation"]);
            Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
        }
    }

    [Fact]
    public async Task An_initialize_era_client_is_never_asked()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        await using var client = await host.ConnectAsync("2025-11-25");
        (await client.CallAsync("process_transaction", Charge)).Ok();
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public void An_unknown_confirm_setting_stops_the_start_with_a_sentence()
    {
        using var host = new ServerHost(("ONTRAPORT_MCP_CONFIRM", "maybe"));
        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetService(typeof(Hosting.ServerSettings)));
        Assert.Contains("ONTRAPORT_MCP_CONFIRM 'maybe' is not one of auto, required, off.", error.ToString(), StringComparison.Ordinal);
    }
}
