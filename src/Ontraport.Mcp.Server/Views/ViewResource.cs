using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Views;

/// <summary>
/// One view as an MCP resource: a fixed <c>ui://</c> URI whose <c>resources/read</c> answers one self-contained HTML page
/// (<see cref="OntraportViews.MimeType"/>). The page is composed once, at start, from the embedded parts: the shared
/// stylesheet, the one postMessage bridge, the shared helpers and the view's renderers.
/// </summary>
public sealed class ViewResource : McpServerResource
{
    private readonly ResourceTemplate _template;

    private ViewResource(string uri, string name, string title, string description, string html)
    {
        Html = html;
        _template = new ResourceTemplate
        {
            UriTemplate = uri,
            Name = name,
            Title = title,
            Description = description,
            MimeType = OntraportViews.MimeType,
            Meta = UiMeta(),
        };
    }

    /// <summary>The whole page, as <c>resources/read</c> answers it.</summary>
    public string Html { get; }

    public string Uri => _template.UriTemplate;

    public override ResourceTemplate ProtocolResourceTemplate => _template;

    public override Resource? ProtocolResource => _template.AsResource();

    public override IReadOnlyList<object> Metadata => [];

    public override bool IsMatch(string uri) => string.Equals(uri, Uri, StringComparison.Ordinal);

    public override ValueTask<ReadResourceResult> ReadAsync(RequestContext<ReadResourceRequestParams> request, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new ReadResourceResult
        {
            Contents = [new TextResourceContents { Uri = Uri, MimeType = OntraportViews.MimeType, Text = Html, Meta = UiMeta() }],
        });

    /// <summary>
    /// The view's <c>_meta.ui</c>: a border from the host (the card has none of its own). No <c>csp</c>: a view loads
    /// nothing from the network, so the host's restrictive default is all it needs.
    /// </summary>
    private static JsonObject UiMeta() => new() { ["ui"] = new JsonObject { ["prefersBorder"] = true } };

    /// <summary>Builds a view from its parts; <paramref name="renderers"/> are the objects <c>Ui.mount</c> tries in order.</summary>
    internal static ViewResource Compose(string uri, string name, string title, string description, IReadOnlyList<string> scripts, string renderers)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(title).Append("</title>\n<style>\n").Append(Part("view.css")).Append("</style>\n</head>\n<body>\n")
            .Append("<main id=\"app\"></main>\n<script>\n").Append(Part("bridge.js")).Append(Part("common.js"));
        foreach (var script in scripts)
        {
            html.Append(Part(script));
        }

        html.Append("Ui.mount([").Append(renderers).Append("]);\n</script>\n</body>\n</html>\n");
        return new ViewResource(uri, name, title, description, html.ToString());
    }

    /// <summary>An embedded part (<c>Views/Parts/</c>). A part that could end its element early is a build mistake, caught here.</summary>
    private static string Part(string file)
    {
        using var stream = typeof(ViewResource).Assembly.GetManifestResourceStream("Views." + file)
            ?? throw new InvalidOperationException($"The view part {file} is not embedded in the server.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("</style", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The view part {file} contains a closing script or style tag.");
        }

        return text.EndsWith('\n') ? text : text + "\n";
    }
}
