using System.Net;
using Ontraport.Client.Engagement;
using Ontraport.Client.Http;

namespace Ontraport.Client.Tests;

/// <summary>The landing-page route and the subscriber criteria the Query tools send (API reference §2.2, §3.1).</summary>
public class EngagementRequestTests
{
    [Fact]
    public async Task GET_landingPage_getHostedURL_with_the_id_in_the_query_and_the_URL_read_from_data()
    {
        await using var harness = ClientHarness.Answering("\"https://pages.example.com/summer-sale\"");
        var response = await harness.Client().SendAsync(LandingPageRequests.HostedUrl(7), CancellationToken.None);

        var sent = Assert.Single(harness.Requests);
        Assert.Equal("GET /1/landingPage/getHostedURL", sent.Route);
        Assert.Equal(new Dictionary<string, string> { ["id"] = "7" }, sent.QueryPairs);
        Assert.Equal("https://pages.example.com/summer-sale", LandingPageRequests.ReadHostedUrl(response));
        Assert.Equal(RequestEffect.Read, LandingPageRequests.HostedUrl(7).Effect);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    [InlineData("\"not a url\"")]
    [InlineData("[]")]
    public void A_hosted_URL_answer_without_a_URL_reads_as_none(string data) =>
        Assert.Null(LandingPageRequests.ReadHostedUrl(new OntraportResponse(HttpStatusCode.OK, System.Text.Json.Nodes.JsonNode.Parse(data), 1)));

    [Fact]
    public void Tag_and_sequence_members_are_join_rows_of_the_list_and_the_record_type()
    {
        Assert.Equal("""[{"field":{"field":"tag_id"},"op":"=","value":{"value":3}},"AND",{"field":{"field":"object_type_id"},"op":"=","value":{"value":0}}]""",
            SubscriberCriteria.TagMembers(3, 0).ToJsonString());
        Assert.Equal("""[{"field":{"field":"sequence_id"},"op":"=","value":{"value":12}},"AND",{"field":{"field":"object_type_id"},"op":"=","value":{"value":10000}}]""",
            SubscriberCriteria.SequenceMembers(12, 10000).ToJsonString());
    }

    [Fact]
    public void Automation_members_match_the_exact_id_in_the_updateCampaign_list()
    {
        Assert.Equal("""[{"field":{"field":"updateCampaign"},"op":"LIKE","value":{"value":"%*/*1*/*%"}}]""", SubscriberCriteria.AutomationMembers(1).ToJsonString());
    }
}
