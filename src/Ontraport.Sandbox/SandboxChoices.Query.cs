using System.Text;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox;

/// <remarks>
/// <para><b>Query reads</b> (choices where ontraport-api.md is silent)</para>
/// <list type="number">
/// <item><c>landingPage/getHostedURL</c>: <c>id</c> missing → 400 <see cref="MissingIdText"/>; unknown page → 404 <see cref="RecordNotFoundText"/>.
/// The URL is <c>https://{domain}/{slug}</c> (<c>http</c> when <c>ssl_enabled</c> is "0"), the slug being the page name in lower case with runs of
/// other characters turned into one hyphen; a page without a domain uses <see cref="DefaultPagesDomain"/>. The real format is not public.</item>
/// <item>Every other Query read (groups, log items, automation log items, messages, notes, tasks, task outcomes, scheduled broadcasts, tag and
/// sequence subscribers, users, gateways) goes through the generic <c>objects</c>/<c>objects/getInfo</c> endpoints; automation membership is
/// read as a condition on the record's <c>updateCampaign</c> list, which the criteria evaluator answers like any text field.</item>
/// </list>
/// </remarks>
internal static partial class SandboxChoices
{
    /// <summary>The host of landing pages that name no domain.</summary>
    public const string DefaultPagesDomain = "pages.ontraport.net";

    public static string HostedUrl(Record page)
    {
        var domain = string.IsNullOrWhiteSpace(page["domain"]) ? DefaultPagesDomain : page["domain"]!.Trim().TrimEnd('/');
        var scheme = page["ssl_enabled"] == "0" ? "http" : "https";
        return $"{scheme}://{domain}/{Slug(page["name"] ?? page.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }
}
