using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Hosting.ToolCalls;
using static Ontraport.Mcp.Server.Tests.Confirmation.ConfirmationClients;

namespace Ontraport.Mcp.Server.Tests.Confirmation;

/// <summary>
/// The asking round trip in the audit log, as the SDK client (2026-07-28, form elicitation) drives it: the first call
/// leaves as <c>input_required</c>, which the call chain's own audit line never sees, so AskFirst writes an "asked" line;
/// the retry writes its own (done, or declined with nothing sent).
/// </summary>
public class AskedAuditTests
{
    private static readonly object Charge = new { contact = "Jane Doe", products = new[] { new { product_id = 2 } }, total = 299 };

    [Theory]
    [InlineData(true, "ok")]
    [InlineData(false, AskFirst.DeclinedOutcome)]
    public async Task The_question_and_the_answer_each_leave_an_audit_line(bool yes, string answered)
    {
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.jsonl");
        try
        {
            await using var host = new ServerHost(ServerHost.Weekend, ("ONTRAPORT_MCP_AUDIT_LOG", file));
            await using var client = await AskingClientAsync(host, _ => yes ? Accept() : Decline());

            var answer = (await client.CallAsync("process_transaction", Charge)).Ok();
            Assert.Equal(yes, answer["charged"] is not null);

            await host.Services.GetRequiredService<AuditTrail>().FlushAsync(CancellationToken.None);
            var lines = (await File.ReadAllLinesAsync(file)).Select(l => JsonNode.Parse(l)!).Where(l => l["tool"]?.GetValue<string>() == "process_transaction").ToList();
            Assert.Equal([AskFirst.AskedOutcome, answered], lines.Select(l => l["outcome"]!.GetValue<string>()));
            Assert.All(lines, l => Assert.Equal("write", l["event"]!.GetValue<string>()));
            Assert.All(lines, l => Assert.Equal("confirm-tests", l["client"]?.GetValue<string>()));

            // The question's line holds the call's own arguments (not the dry run it asked with), and nothing was written upstream by then.
            Assert.Null(lines[0]["arguments"]!["dry_run"]);
            Assert.Equal("Jane Doe", lines[0]["arguments"]!["contact"]!.GetValue<string>());
            Assert.Equal(yes ? 1 : 0, host.Writes.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
