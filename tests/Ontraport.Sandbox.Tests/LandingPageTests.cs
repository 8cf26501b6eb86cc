using System.Net;

namespace Ontraport.Sandbox.Tests;

/// <summary>GET landingPage/getHostedURL (ontraport-api.md §3.1): the URL as a string; the format is a sandbox choice.</summary>
public class LandingPageTests
{
    [Fact]
    public async Task The_hosted_URL_is_the_data_string_built_from_the_pages_domain_and_name()
    {
        using var sandbox = SandboxHarness.Create();

        var data = await sandbox.GetAsync("landingPage/getHostedURL?id=1");
        var sameWithOtherCase = await sandbox.GetAsync("LandingPage/getHostedURL?id=3");

        Assert.Equal("https://threemarketeers.ontraport.net/summer-sale", data.GetString());
        Assert.Equal("https://threemarketeers.ontraport.net/webinar-registration-marketing-that-converts", sameWithOtherCase.GetString());
    }

    [Fact]
    public async Task A_missing_id_is_400_and_an_unknown_page_404()
    {
        using var sandbox = SandboxHarness.Create();

        var missing = await sandbox.ErrorAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "landingPage/getHostedURL");
        var unknown = await sandbox.ErrorAsync(HttpStatusCode.NotFound, HttpMethod.Get, "landingPage/getHostedURL?id=999");

        Assert.Equal(SandboxChoices.MissingIdText, missing);
        Assert.Contains("999 does not exist", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_GET_is_served()
    {
        using var sandbox = SandboxHarness.Create();
        await sandbox.ErrorAsync(HttpStatusCode.MethodNotAllowed, HttpMethod.Post, "landingPage/getHostedURL?id=1");
    }
}
