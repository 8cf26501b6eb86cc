using System.Text.Json.Nodes;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Once Ontraport accepted a charge, a refund or a new invoice, the read that follows is best effort: when it fails
/// (here a 500 on every record read after the request, from the sandbox's fault injection) the answer still says what
/// was done, with the ids Ontraport returned, and that the read-back failed. It is never an error an agent could read
/// as "the charge failed".
/// </summary>
public class CommerceReadBackTests
{
    private static ServerHost HostFailingReadsAfter(string path, string reads = "object") =>
        new(("ONTRAPORT_SANDBOX_FAULTS", $"server_error:1:path={reads}:after={path}"),
            ("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", "0"), ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));

    private static void AssertReadBackFailed(JsonNode answer, ServerHost host)
    {
        Assert.Contains("could not be read back", answer["read_back"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(host.Sandbox.Faults!.Injected.GetValueOrDefault(SandboxFaultKind.ServerError) > 0, "the read-back was not failed");
    }

    [Fact]
    public async Task A_paid_invoice_whose_read_back_fails_is_reported_as_charged_not_as_missing()
    {
        await using var host = HostFailingReadsAfter("Transaction/payInvoice");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("pay_invoice", new { invoice_id = 1234 })).Ok();

        Assert.Equal("500.00 USD", answer["charged"]!.GetValue<string>());
        Assert.Equal(1234, answer["invoice_id"]!.GetValue<long>());
        Assert.Equal("Visa ending 4242", answer["card"]!.GetValue<string>());
        AssertReadBackFailed(answer, host);
        Assert.True(Assert.Single(host.DemoAccount.Ledger).IsCapturedCharge);
    }

    [Fact]
    public async Task A_new_charge_whose_invoice_cannot_be_read_back_still_answers_charged_with_its_ids()
    {
        await using var host = HostFailingReadsAfter("transaction/processManual");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 })).Ok();

        Assert.Equal("299.00 USD", answer["charged"]!.GetValue<string>());
        var invoiceId = answer["invoice_id"]!.GetValue<long>();
        Assert.NotNull(host.DemoAccount.Find(46, invoiceId));
        AssertReadBackFailed(answer, host);
        Assert.Equal(1, host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task A_created_invoice_whose_read_back_fails_is_reported_created_with_its_id()
    {
        await using var host = HostFailingReadsAfter("Transaction/createInvoice");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("create_invoice", new { contact = "John Smith", products = new[] { new { product_id = 3, price = 500 } }, total = 500 })).Ok();

        var id = answer["invoice_id"]!.GetValue<long>();
        Assert.Equal("draft", answer["status"]!.GetValue<string>());
        Assert.Equal("1", host.DemoAccount.Find(46, id)!["contact_id"]);
        AssertReadBackFailed(answer, host);
    }

    [Fact]
    public async Task A_logged_offline_purchase_whose_read_back_fails_is_reported_logged()
    {
        await using var host = HostFailingReadsAfter("transaction/processManual");
        await using var client = await host.ConnectAsync();

        var answer = (await client.CallAsync("log_offline_purchase", new { contact = 1, products = new[] { new { product_id = 9 } }, method = "cash" })).Ok();

        Assert.Equal("97.00 USD", answer["logged"]!.GetValue<string>());
        Assert.NotNull(host.DemoAccount.Find(46, answer["invoice_id"]!.GetValue<long>()));
        AssertReadBackFailed(answer, host);
    }

    [Fact]
    public async Task A_refund_whose_read_back_fails_is_reported_refunded()
    {
        await using var host = HostFailingReadsAfter("transaction/refund");
        await using var client = await host.ConnectAsync();
        var charged = (await client.CallAsync("process_transaction", new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 })).Ok();
        var id = charged["invoice"]!["id"]!.GetValue<long>();

        var answer = (await client.CallAsync("refund_transaction", new { transaction_id = id })).Ok();

        Assert.Equal("97.00 USD", answer["refunded"]!.GetValue<string>());
        Assert.Equal(id, answer["invoice_id"]!.GetValue<long>());
        Assert.Equal("2", host.DemoAccount.Find(46, id)!["status"]);
        AssertReadBackFailed(answer, host);
    }
}
