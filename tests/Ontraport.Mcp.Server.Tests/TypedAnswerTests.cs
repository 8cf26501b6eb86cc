using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Tools;
using Ontraport.Mcp.Server.Tools.Query;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The typed answer envelopes (issue 20, item 4) keep the shape the hand-built JSON had: a list's paging, its cut to the
/// size cap and its notes, and a dry run's key order.
/// </summary>
public class TypedAnswerTests
{
    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static NoteItem Note(long id, int length) => new(id, null, null, null, null, null, new string('x', length));

    [Fact]
    public void A_last_page_says_next_start_null_and_keeps_the_tools_note_before_the_items()
    {
        var text = Text(ToolOutput.List(new NotesAnswer(null, "Call", null) { Note = "Two notes." }, 2, QueryPage.From(0, 5), [Note(1, 1), Note(2, 1)]));
        Assert.Equal("""{"count":2,"start":0,"returned":2,"next_start":null,"note_type":"Call","note":"Two notes.","items":[{"id":1,"note":"x"},{"id":2,"note":"x"}]}""", text);
    }

    [Fact]
    public void An_answer_over_the_size_cap_is_cut_from_the_end_and_says_so_after_a_capped_limit()
    {
        var items = Enumerable.Range(1, 30).Select(i => Note(i, 5_000)).ToList();
        var answer = JsonNode.Parse(Text(ToolOutput.List(new NotesAnswer(null, null, null) { Note = "replaced by the capped limit" }, 300, QueryPage.From(10, 80), items)))!;
        var returned = answer["returned"]!.GetValue<int>();
        Assert.InRange(returned, 1, 19);
        Assert.Equal(returned, answer["items"]!.AsArray().Count);
        Assert.Equal(10 + returned, answer["next_start"]!.GetValue<int>());
        Assert.Equal(
            $"limit 80 is over Ontraport's page maximum; returned at most 50. Page on with next_start. Truncated: {returned} of 30 records fit the size limit; ask for fewer fields (fields: [...]) or a smaller limit, and page on with next_start.",
            answer["note"]!.GetValue<string>());
        Assert.True(answer.ToJsonString().Length <= ToolOutput.MaxCharacters);
    }

    [Fact]
    public void A_dry_run_writes_dry_run_first_then_what_it_would_do_then_the_requests_and_the_note()
    {
        var request = Client.Objects.ObjectRequests.Delete(0, 7);
        var text = Text(ToolOutput.BulkDryRun([request], new DeleteManyDryRun("Contacts", 101, null), 101, "delete"));
        Assert.StartsWith("""{"dry_run":true,"object_type":"Contacts","matching":101,"requests":[{"method":"DELETE",""", text);
        Assert.EndsWith(""","note":"Nothing was sent. To delete these 101 records, call again with confirm_count: 101."}""", text);
    }
}
