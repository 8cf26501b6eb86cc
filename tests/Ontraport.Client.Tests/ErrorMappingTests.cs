using System.Net;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Tests;

public class ErrorMappingTests
{
    private static async Task<OntraportException> FailAsync(HttpResponseMessage response, Func<OntraportClient, Task>? call = null)
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(response));
        var client = harness.Client();
        return await Assert.ThrowsAsync<OntraportException>(() => call?.Invoke(client) ?? client.Objects.ListAsync(0, new ListOptions(), CancellationToken.None));
    }

    [Fact]
    public async Task Plain_text_400_becomes_BadRequest_quoting_the_body()
    {
        var error = await FailAsync(RecordingHandler.Text(HttpStatusCode.BadRequest, "Invalid query"));
        Assert.Equal(OntraportErrorKind.BadRequest, error.Kind);
        Assert.Contains("\"Invalid query\"", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("as malformed (400: \"Invalid query\").", error.Message, StringComparison.Ordinal); // no tool named: the server adds the hint
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, OntraportErrorKind.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden, OntraportErrorKind.Forbidden)]
    [InlineData(HttpStatusCode.NotFound, OntraportErrorKind.NotFound)]
    [InlineData((HttpStatusCode)422, OntraportErrorKind.Unprocessable)]
    public async Task Statuses_map_to_kinds(HttpStatusCode status, OntraportErrorKind kind)
    {
        var error = await FailAsync(RecordingHandler.Text(status, "nope"));
        Assert.Equal(kind, error.Kind);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task An_error_body_that_echoes_the_key_is_scrubbed()
    {
        var error = await FailAsync(RecordingHandler.Text(HttpStatusCode.Forbidden, "key Key5678secret lacks permission"));
        Assert.DoesNotContain("Key5678secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("[redacted]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_message_never_contains_the_credentials()
    {
        var error = await FailAsync(RecordingHandler.Text(HttpStatusCode.Unauthorized, "Unauthorized"));
        Assert.DoesNotContain("Key5678secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("2_AppID_12345678", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_that_is_not_JSON_or_has_a_nonzero_code_is_an_invalid_response()
    {
        var html = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>maintenance</html>") };
        Assert.Equal(OntraportErrorKind.InvalidResponse, (await FailAsync(html)).Kind);

        var coded = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"code":1,"data":"x"}""") };
        Assert.Equal(OntraportErrorKind.InvalidResponse, (await FailAsync(coded)).Kind);
    }

    [Fact]
    public async Task A_missing_single_record_reads_as_null()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(HttpStatusCode.NotFound, "Not Found")));
        Assert.Null(await harness.Client().Objects.GetAsync(0, 99, CancellationToken.None));
    }

    [Fact]
    public async Task The_envelope_is_unwrapped_and_string_values_read()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"8","firstname":"Jane","spent":"1500.00","date":"1538603619"}]""");
        var record = Assert.Single(await harness.Client().Objects.ListAsync(0, new ListOptions(), CancellationToken.None));
        Assert.Equal(8, record.Id);
        Assert.Equal("Jane", record["firstname"]);
        Assert.Equal(1500.00m, record.GetDecimal("spent"));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1538603619), record.GetTime("date"));
    }

    [Fact]
    public async Task GetInfo_reads_the_string_count_and_sums()
    {
        await using var harness = ClientHarness.Answering("""{"listFields":["id","total"],"listFieldSettings":[],"count":"12","sums":{"total":1234.5}}""");
        var info = await harness.Client().Objects.GetInfoAsync(46, new RecordSelection(), CancellationToken.None);
        Assert.Equal(12, info.Count);
        Assert.Equal(1234.5m, info.Sums["total"]);
    }

    [Fact]
    public async Task SaveOrUpdate_tells_a_merge_from_a_create()
    {
        await using var merged = ClientHarness.Answering("""{"attrs":{"firstname":"Sarah","dlm":"1760692419","id":"526"}}""");
        var merge = await merged.Client().Objects.SaveOrUpdateAsync(ObjectRequests.SaveOrUpdate(0, [new("email", "s@a.com")]), CancellationToken.None);
        Assert.False(merge.Created);
        Assert.Equal(526, merge.Id);

        await using var created = ClientHarness.Answering("""{"id":"900","email":"s@a.com","firstname":"Sarah"}""");
        var create = await created.Client().Objects.SaveOrUpdateAsync(ObjectRequests.SaveOrUpdate(0, [new("email", "s@a.com")]), CancellationToken.None);
        Assert.True(create.Created);
        Assert.Equal(900, create.Id);
    }
}

public class ListPageTests
{
    [Fact]
    public async Task The_total_comes_with_the_page_when_Ontraport_puts_it_in_misc()
    {
        await using var harness = ClientHarness.Create((request, _) => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
        {
            Content = new StringContent("""{"code":0,"data":[{"id":"1"}],"misc":{"count":"57"},"account_id":1}"""),
        }));
        var (records, total) = await harness.Client().Objects.ListPageAsync(0, new ListOptions { Range = 1 }, CancellationToken.None);
        Assert.Single(records);
        Assert.Equal(57, total);
        var sent = Assert.Single(harness.Requests);
        Assert.Equal("true", sent.QueryPairs["count"]);
    }

    [Fact]
    public async Task Without_a_count_in_misc_one_getInfo_supplies_it()
    {
        await using var harness = ClientHarness.Create((request, _) => Task.FromResult(request.Route.EndsWith("getInfo", StringComparison.Ordinal)
            ? RecordingHandler.Envelope("""{"listFields":[],"count":"12"}""")
            : new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("""{"code":0,"data":[{"id":"1"}],"misc":[],"account_id":1}""") }));
        var (_, total) = await harness.Client().Objects.ListPageAsync(0, new ListOptions { Range = 1 }, CancellationToken.None);
        Assert.Equal(12, total);
        Assert.Equal(["GET /1/objects", "GET /1/objects/getInfo"], harness.Requests.Select(r => r.Route));
    }
}
