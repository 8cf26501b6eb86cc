using System.Net;
using System.Text;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// The consent page: plain server-rendered HTML, labelled fields, no script. It names the client and where it will
/// redirect, asks for the Ontraport App ID and API key and the allowance, and says how to revoke.
/// </summary>
public static class ConsentPage
{
    /// <summary>Form fields of our own; every other field is an OAuth parameter carried through unchanged.</summary>
    public static readonly IReadOnlySet<string> OwnFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "app_id", "api_key", "access", "toolsets", "money", "decision", CsrfField,
    };

    public const string CsrfField = "csrf_token";

    /// <summary>How the consent page names each toolset of <see cref="Toolsets.All"/> (a toolset without one stops the start).</summary>
    private static readonly IReadOnlyDictionary<string, string> ToolsetLabels = new Dictionary<string, string>
    {
        [Toolsets.Crud] = "Records (contacts, companies, deals…)",
        [Toolsets.Query] = "Queries and reports",
        [Toolsets.Manage] = "Tags, sequences, campaigns and tasks",
        [Toolsets.Commerce] = "Commerce (orders, transactions, invoices)",
        [Toolsets.Search] = "Search and fetch (ChatGPT's deep research)",
    };

    public sealed record Model(
        string ClientName,
        string ClientId,
        string RedirectHost,
        IEnumerable<KeyValuePair<string, string>> OAuthParameters,
        string CsrfToken,
        string? Error = null,
        string? AppId = null,
        bool SandboxUpstream = false,
        string? RedirectUri = null);

    public static string Render(Model model)
    {
        ArgumentNullException.ThrowIfNull(model);
        static string H(string? value) => WebUtility.HtmlEncode(value ?? string.Empty);
        var html = new StringBuilder(4096);
        html.Append("""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Connect to Ontraport</title>
            <style>
            body{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
            label{display:block;font-weight:600;margin-top:1rem}
            input[type=text],input[type=password]{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
            fieldset{margin-top:1rem;border:1px solid #888;padding:.5rem 1rem}
            fieldset label{font-weight:400;margin-top:.25rem}
            .error{border:2px solid #b00020;padding:.5rem 1rem;color:#b00020;background:#fff4f4}
            button{margin-top:1.5rem;padding:.6rem 1.2rem;font-size:1rem;margin-right:1rem}
            .note{font-size:.9rem;color:#444}
            .target{word-break:break-all}
            </style>
            </head>
            <body>
            <main>
            """);
        html.Append("<h1>Connect <strong>").Append(H(model.ClientName)).Append("</strong> to your Ontraport account</h1>\n");
        html.Append("<p><strong>").Append(H(model.ClientName)).Append("</strong> wants to use your Ontraport account through this server. ")
            .Append("After you allow it, you will be sent back to <strong>").Append(H(model.RedirectHost)).Append("</strong>");
        if (model.RedirectUri is not null)
        {
            // The whole target, not only its host: a native app's scheme has no host worth the name (com.example.app:/cb).
            html.Append(" at <code class=\"target\">").Append(H(model.RedirectUri)).Append("</code>");
        }

        html.Append(".</p>\n");
        html.Append("<p class=\"note\">Client ID: <code>").Append(H(OAuthInput.Shorten(model.ClientId))).Append("</code>. Only continue if you started this connection yourself.</p>\n");
        html.Append(model.SandboxUpstream ? "<p class=\"note\" id=\"sandbox\"><strong>Sandbox:</strong> this server talks to its embedded Ontraport sandbox, not to Ontraport: any App ID and API key work and sign in to a demo account.</p>\n" : "");
        if (model.Error is not null)
        {
            html.Append("<div class=\"error\" role=\"alert\" id=\"error\"><p>").Append(H(model.Error)).Append("</p></div>\n");
        }

        html.Append("<form method=\"post\" action=\"/oauth/authorize\">\n");
        foreach (var (name, value) in model.OAuthParameters)
        {
            html.Append("<input type=\"hidden\" name=\"").Append(H(name)).Append("\" value=\"").Append(H(value)).Append("\">\n");
        }

        html.Append("<input type=\"hidden\" name=\"").Append(CsrfField).Append("\" value=\"").Append(H(model.CsrfToken)).Append("\">\n");
        html.Append("""
            <label for="app_id">Ontraport App ID</label>
            """).Append("<input type=\"text\" id=\"app_id\" name=\"app_id\" required maxlength=\"").Append(OAuthInput.MaxAppIdLength)
            .Append("\" autocomplete=\"off\" spellcheck=\"false\" value=\"").Append(H(model.AppId)).Append("\" aria-describedby=\"key-help\">\n");
        html.Append("""
            <label for="api_key">Ontraport API key</label>
            """).Append("<input type=\"password\" id=\"api_key\" name=\"api_key\" required maxlength=\"").Append(OAuthInput.MaxApiKeyLength)
            .Append("\" autocomplete=\"off\" aria-describedby=\"key-help\">\n");
        html.Append("""
            <p id="key-help" class="note">In Ontraport: Administration → Integrations → Ontraport API Instructions and Key Manager. The key is checked with
            Ontraport now, stored encrypted, and never shown to the client.</p>
            <fieldset>
            <legend>What may it do?</legend>
            <label><input type="radio" name="access" value="read_only" checked> Read only: look things up, change nothing</label>
            <label><input type="radio" name="access" value="read_write"> Read and change records in the tool groups below</label>
            </fieldset>
            <fieldset>
            <legend>Tool groups</legend>

            """);
        foreach (var toolset in Toolsets.All)
        {
            html.Append("<label><input type=\"checkbox\" name=\"toolsets\" value=\"").Append(toolset).Append("\" checked> ")
                .Append(ToolsetLabels[toolset]).Append("</label>\n");
        }

        html.Append("""
            <label><input type="checkbox" name="money" value="on"> Allow Commerce writes: charge cards, refund, void, send invoices (off unless ticked)</label>
            </fieldset>
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="deny">Deny</button>
            </form>
            <h2>Revoking access later</h2>
            <p class="note">Remove or disconnect the connector in your AI client; a client that supports it revokes its token with this server.
            You can also ask the operator of this server to revoke the grant, or regenerate the API key in Ontraport's Key Manager, which stops
            every connection that uses the old key.</p>
            </main>
            </body>
            </html>
            """);
        return html.ToString();
    }
}
