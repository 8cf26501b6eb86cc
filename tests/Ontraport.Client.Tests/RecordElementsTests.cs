using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

/// <summary>
/// The page read that builds no nodes (<see cref="ObjectsService.ListPageElementsAsync"/>, issue 22) reads what
/// <see cref="ObjectsService.ListPageAsync"/> reads from the same answer: the same records in the same order, the same
/// total, the same request, and the same errors.
/// </summary>
public class RecordElementsTests
{
    private static ClientHarness Answering(byte[] body, HttpStatusCode status = HttpStatusCode.OK) =>
        ClientHarness.Create((request, _) => Task.FromResult(request.Route.EndsWith("getInfo", StringComparison.Ordinal)
            ? RecordingHandler.Envelope("""{"listFields":[],"count":"12"}""")
            : new HttpResponseMessage(status) { Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } } }));

    private static async Task<(IReadOnlyList<string> Nodes, long NodeTotal, IReadOnlyList<string> Elements, long ElementTotal, IReadOnlyList<string> Routes)> BothAsync(byte[] body)
    {
        await using var harness = Answering(body);
        var options = new ListOptions { Range = 20 };
        var (records, total) = await harness.Client().Objects.ListPageAsync(0, options, CancellationToken.None);
        using var page = await harness.Client().Objects.ListPageElementsAsync(0, options, CancellationToken.None);
        return ([.. records.Select(r => r.Fields.ToJsonString())], total,
            [.. page.Records.Select(e => JsonObject.Create(e)!.ToJsonString())], page.Total, [.. harness.Requests.Select(r => r.Route + " " + r.QueryPairs.GetValueOrDefault("count"))]);
    }

    [Fact]
    public async Task An_array_page_reads_the_same_records_and_count()
    {
        var both = await BothAsync(Encoding.UTF8.GetBytes("""{"code":0,"data":[{"id":"1","firstname":"Zoë 😀 \u00e9"},7,null,{"id":"2","f1234":{"a":[1,"x"]}}],"misc":{"count":"57"},"account_id":1}"""));
        Assert.Equal(2, both.Elements.Count);
        Assert.Equal(both.Nodes, both.Elements);
        Assert.Equal(57, both.ElementTotal);
        Assert.Equal(both.NodeTotal, both.ElementTotal);
        Assert.Equal(["GET /1/objects true", "GET /1/objects true"], both.Routes);
    }

    [Fact]
    public async Task An_id_keyed_map_without_a_count_reads_the_same_and_asks_getInfo()
    {
        var both = await BothAsync([0xEF, 0xBB, 0xBF, .. """{"code":0,"data":{"5":{"id":"5"},"6":{"id":"6","x":""},"7":"not a record"},"misc":[],"account_id":1}"""u8]);
        Assert.Equal(["""{"id":"5"}""", """{"id":"6","x":""}"""], both.Elements);
        Assert.Equal(both.Nodes, both.Elements);
        Assert.Equal(12, both.ElementTotal);
        Assert.Equal(["GET /1/objects true", "GET /1/objects/getInfo ", "GET /1/objects true", "GET /1/objects/getInfo "], both.Routes);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_UTF8_reads_with_replacement_characters_as_the_node_read_does()
    {
        var both = await BothAsync([.. """{"code":0,"data":[{"id":"1","firstname":"Zo"""u8, 0xEB, .. "\"}],\"misc\":{\"count\":\"1\"}}"u8]);
        Assert.Equal(both.Nodes, both.Elements);
        Assert.Contains("Zo\uFFFD", JsonNode.Parse(both.Elements[0])!["firstname"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":1,"data":"nope"}""")]
    [InlineData("""{"data":[]}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""<html>busy</html>""")]
    public async Task A_bad_answer_fails_with_the_same_error(string body)
    {
        await using var harness = Answering(Encoding.UTF8.GetBytes(body));
        var nodes = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListPageAsync(0, new ListOptions(), CancellationToken.None));
        var elements = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListPageElementsAsync(0, new ListOptions(), CancellationToken.None));
        Assert.Equal(nodes.Kind, elements.Kind);
        Assert.Equal(nodes.Message, elements.Message);
    }

    [Fact]
    public async Task A_refused_key_fails_the_same_way()
    {
        await using var harness = Answering("""{"code":1,"message":"Invalid key"}"""u8.ToArray(), HttpStatusCode.Unauthorized);
        var nodes = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListPageAsync(0, new ListOptions(), CancellationToken.None));
        var elements = await Assert.ThrowsAsync<OntraportException>(() => harness.Client().Objects.ListPageElementsAsync(0, new ListOptions(), CancellationToken.None));
        Assert.Equal(OntraportErrorKind.Unauthorized, elements.Kind);
        Assert.Equal(nodes.Message, elements.Message);
    }

    [Fact]
    public async Task A_blank_answer_is_an_empty_page()
    {
        await using var harness = Answering(" \r\n"u8.ToArray());
        using var page = await harness.Client().Objects.ListPageElementsAsync(0, new ListOptions(), CancellationToken.None);
        Assert.Empty(page.Records);
        Assert.Equal(12, page.Total);
    }
}
