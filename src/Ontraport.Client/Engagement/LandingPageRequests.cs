using Ontraport.Client.Http;

namespace Ontraport.Client.Engagement;

/// <summary>The named landing-page endpoint (API reference §3.1, Landing pages (20)).</summary>
public static class LandingPageRequests
{
    /// <summary>
    /// <c>GET landingPage/getHostedURL?id=</c>: <c>data</c> is the page's hosted URL as a string [V: official SDK
    /// <c>LandingPages.php</c>; a live client uses the same path].
    /// </summary>
    public static OntraportRequest HostedUrl(long landingPageId) => new()
    {
        Method = HttpMethod.Get,
        Path = "landingPage/getHostedURL",
        Effect = RequestEffect.Read,
        Query = new RequestParameters().Add("id", landingPageId).Pairs,
    };

    /// <summary>The URL in a <see cref="HostedUrl"/> answer, or null when Ontraport returned none.</summary>
    public static string? ReadHostedUrl(OntraportResponse response) =>
        JsonText.AsString(response.Data) is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out _) ? url : null;
}
