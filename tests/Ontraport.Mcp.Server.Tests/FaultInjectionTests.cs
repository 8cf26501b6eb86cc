using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Issue 7: the embedded sandbox injects faults (429 storms, 5xx before and after processing, dropped connections,
/// malformed JSON, plain-text errors) into every tool's calls. Every answer must be a result or a clear isError within
/// the call's budget, the process must keep serving, and no request that creates a record or moves money may be sent
/// twice by one call — the sandbox's request log is the witness.
/// </summary>
[Collection(SerialTests.Name)]
public class FaultInjectionTests
{
    /// <summary>One valid call per tool against a fresh demo account, ordered so that state changes do not collide.</summary>
    public static readonly IReadOnlyList<(string Tool, object Arguments)> EveryTool =
    [
        ("list_allowed_object_types", new { }),
        ("get_object_meta", new { object_type = "deals" }),
        ("count_objects", new { object_type = "contacts", condition = "state = CA" }),
        ("get_account_info", new { }),
        ("get_groups", new { object_type = "contacts" }),
        ("get_subscribers", new { automation = "welcome" }),
        ("get_contact_log", new { contact = "John Smith" }),
        ("get_automation_log", new { contact = "Jane Doe" }),
        ("get_recent_messages", new { since = "last 30 days" }),
        ("get_recent_notes", new { limit = 5 }),
        ("get_recent_tasks", new { status = "open" }),
        ("get_task_form_requirements", new { task_id = 4821 }),
        ("get_scheduled_broadcasts", new { }),
        ("get_landing_page_url", new { name = "Summer Sale" }),
        ("build_api_condition", new { object_type = "contacts", condition = "Lifetime Value > 1000" }),
        ("get_objects", new { object_type = "contacts", limit = 5 }),
        ("search", new { query = "Acme" }),
        ("fetch", new { id = "deals/1234" }),
        ("create_object", new { object_type = "companies", values = new { name = "Fault Tolerant Co" } }),
        ("update_object", new { object_type = "contacts", id = 1, values = new { title = "Owner" } }),
        ("saveorupdate_object", new { object_type = "contacts", values = new { email = "fault.tolerant@example.com", firstname = "Fault" } }),
        ("delete_object", new { object_type = "contacts", id = 150 }),
        ("delete_objects", new { object_type = "contacts", ids = new[] { 151, 152 } }),
        ("manage_tags", new { action = "add", tag_names = new[] { "warm lead" }, contact = "John Smith" }),
        ("manage_subscriptions", new { action = "subscribe", sequence_names = new[] { "Summer Sale" }, contact = "Sarah Johnson" }),
        ("manage_relationships", new { action = "link", object_type = "contacts", contact = "Sarah Jones", related_type = "companies", related = "Acme Corp" }),
        ("assign_task", new { task_message = "Demo follow-up", owner = "Sarah", contact = "John Smith" }),
        ("reschedule_task", new { task_id = 4801, due_date = "2027-01-15" }),
        ("complete_task", new { contact = "Jane Doe", task_message = "follow-up call", outcome = "interested" }),
        ("cancel_task", new { task_id = 4821 }),
        ("pause_unpause_objects", new { action = "pause", object_type = "automations", names = new[] { "holiday drip" } }),
        ("get_invoices", new { status = "open" }),
        ("get_purchases", new { contact = "John Smith" }),
        ("get_failed_transactions", new { }),
        ("get_payments", new { contact = "John Smith" }),
        ("validate_offer", new { offer_id = "summer promo" }),
        ("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 }),
        ("update_invoice", new { invoice_id = 1246, status = "open" }),
        ("send_invoice", new { invoice_id = 1246 }),
        ("pay_invoice", new { invoice_id = 1234 }),
        ("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 }),
        ("log_offline_purchase", new { contact = "John Smith", products = new[] { new { product_id = 2, price = 1000 } }, total = 1000, method = "check" }),
        ("mark_transaction_paid", new { transaction_id = 9012 }),
        ("rerun_transaction", new { contact = "John Smith" }),
        ("refund_transaction", new { contact = "John Smith", amount = 299, since = "14 days ago" }),
        ("void_transaction", new { contact = "Jane Doe" }),
        ("write_off_transaction", new { transaction_id = 3456 }),
        ("convert_transaction", new { transaction_id = 7890, to = "collections" }),
        ("update_order", new { contact = "John Smith", search = "Membership", price = 50, unit = "month" }),
        ("cancel_subscription", new { contact = "John Smith", search = "Membership" }),
    ];

    /// <summary>Requests that can create a record or move money: never sent twice by one call.</summary>
    private static readonly HashSet<string> SentOnce = new(StringComparer.OrdinalIgnoreCase)
    {
        "POST objects", "POST objects/saveorupdate", "POST task/assign", "POST transaction/processManual", "POST Transaction/createInvoice",
        "POST Transaction/payInvoice", "PUT transaction/refund", "POST transaction/rerun", "POST transaction/resendInvoice",
    };

    [Fact]
    public async Task The_table_covers_every_tool_and_each_call_succeeds_without_faults()
    {
        Assert.Equal(ToolCatalogTests.Catalog.Keys.Order(StringComparer.Ordinal), EveryTool.Select(c => c.Tool).Order(StringComparer.Ordinal));
        await using var host = new ServerHost(("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        await using var client = await host.ConnectAsync();
        var failures = new List<string>();
        foreach (var (tool, arguments) in EveryTool)
        {
            var answer = await client.CallAsync(tool, arguments);
            if (answer.IsError)
            {
                failures.Add($"{tool}: {answer.Text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Under_injected_faults_every_tool_answers_clearly_in_budget_and_nothing_is_sent_twice()
    {
        const string faults = "seed=7,throttle:0.08:reset=0,server_error:0.08,server_error_after:0.05,reset:0.05,malformed:0.05,plain_text:0.05";
        await using var host = new ServerHost(
            ("ONTRAPORT_SANDBOX_FAULTS", faults), ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"),
            ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"), ("ONTRAPORT_MCP_CALL_BUDGET_SECONDS", "20"));
        await using var client = await host.ConnectAsync();
        var account = host.DemoAccount;
        var problems = new List<string>();
        var answers = 0;
        var errors = 0;
        for (var round = 0; round < 4; round++)
        {
            foreach (var (tool, arguments) in EveryTool)
            {
                var before = account.Requests.Count;
                var clock = Stopwatch.StartNew();
                var answer = await client.CallAsync(tool, arguments);
                clock.Stop();
                answers++;
                errors += answer.IsError ? 1 : 0;

                if (answer.IsError && !IsClear(answer.Text))
                {
                    problems.Add($"{tool}: unclear error '{answer.Text}'");
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(20))
                {
                    problems.Add($"{tool}: took {clock.Elapsed.TotalSeconds:0.0} s, over its 20 s budget");
                }

                foreach (var repeated in account.Requests.Skip(before)
                    .Select(r => $"{r.Method} {r.Path}").Where(SentOnce.Contains).GroupBy(r => r).Where(g => g.Count() > 1))
                {
                    problems.Add($"{tool}: '{repeated.Key}' was sent {repeated.Count()} times in one call");
                }
            }
        }

        var faultsSeen = host.Services.GetRequiredService<OntraportSandbox>().Faults!;
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        Assert.All(Enum.GetValues<SandboxFaultKind>().Where(k => k != SandboxFaultKind.Latency),
            kind => Assert.True(faultsSeen.Injected.GetValueOrDefault(kind) > 0, $"no {kind} fault was injected"));
        Assert.True(errors > 0 && errors < answers, $"{errors} errors of {answers} answers");
        Assert.True(host.Logs.Errors.Count == 0, string.Join("\n", host.Logs.Errors));

        // The process keeps serving: with faults off, everything works again.
        faultsSeen.Enabled = false;
        using var health = await host.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.False((await client.CallAsync("get_objects", new { object_type = "contacts", limit = 1 })).IsError);
    }

    [Fact]
    public async Task A_charge_whose_answer_is_lost_after_processing_is_charged_once_reported_unknown_and_not_repeated()
    {
        // The charge is processed (the ledger books it), then its answer is lost: only that endpoint fails.
        await using var host = new ServerHost(("ONTRAPORT_SANDBOX_FAULTS", "server_error_after:1:path=transaction/processManual"),
            ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"), ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        await using var client = await host.ConnectAsync();
        var charges = host.DemoAccount.Requests.Count(r => r.Path == "transaction/processManual");
        var captured = host.DemoAccount.Ledger.Count(e => e.IsCapturedCharge);

        var lost = await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 });

        Assert.True(lost.IsError, lost.Text);
        Assert.Contains("unknown", lost.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(charges + 1, host.DemoAccount.Requests.Count(r => r.Path == "transaction/processManual"));
        Assert.Equal(captured + 1, host.DemoAccount.Ledger.Count(e => e.IsCapturedCharge)); // the card really was charged, once
        var retry = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 })).Error();
        Assert.Contains("allow_duplicate", retry, StringComparison.Ordinal);
        Assert.Equal(charges + 1, host.DemoAccount.Requests.Count(r => r.Path == "transaction/processManual"));
        Assert.Equal(captured + 1, host.DemoAccount.Ledger.Count(e => e.IsCapturedCharge));
    }

    /// <summary>Says something an agent can act on, and nothing internal.</summary>
    private static bool IsClear(string text) =>
        text.Length >= 15 &&
        !text.Contains("internal error", StringComparison.OrdinalIgnoreCase) &&
        !text.Contains("An error occurred invoking", StringComparison.Ordinal) &&
        !text.Contains("Exception", StringComparison.Ordinal) &&
        !text.Contains("   at ", StringComparison.Ordinal);
}
