using System.Collections.Frozen;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Views;

/// <summary>
/// The MCP Apps views (<c>io.modelcontextprotocol/ui</c>, DESIGN §9): a record card, a page table and a money card,
/// each a self-contained HTML page served as a <c>ui://</c> resource, and the tools that name one in
/// <c>_meta.ui.resourceUri</c>. Hosts that render views read the tool's text answer (our compact JSON) and the call's
/// arguments; hosts that do not ignore the metadata. <c>ONTRAPORT_MCP_APPS=off</c> leaves all of it out.
/// </summary>
public static class OntraportViews
{
    /// <summary>The one MIME type of an MCP Apps view.</summary>
    public const string MimeType = "text/html;profile=mcp-app";

    /// <summary>The client capability extension of MCP Apps.</summary>
    public const string Extension = "io.modelcontextprotocol/ui";

    public const string RecordUri = "ui://o/record";
    public const string PageUri = "ui://o/page";
    public const string MoneyUri = "ui://o/money";

    /// <summary>
    /// Which tool shows its answer in which view. Each costs tools/list bytes in both eras (about 46; the list's budget is
    /// 24,000 and was all but spent), so only the three cases: a page and one record of get_objects (its view, the
    /// page table, holds the record card), a record from fetch, and money about to move or moved by a charge or a refund.
    /// </summary>
    public static readonly FrozenDictionary<string, string> ToolViews = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["get_objects"] = PageUri,
        ["fetch"] = RecordUri,
        ["process_transaction"] = MoneyUri,
        ["refund_transaction"] = MoneyUri,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The three views, composed once from their embedded parts.</summary>
    public static IReadOnlyList<ViewResource> All => Composed.Value;

    private static readonly Lazy<IReadOnlyList<ViewResource>> Composed = new(() =>
    [
        ViewResource.Compose(RecordUri, "record_card", "Record card", "One Ontraport record: name, key fields, tags, sequences, owner, last activity.",
            ["record.js"], "RecordCard"),
        ViewResource.Compose(PageUri, "page_table", "Page table", "A page of Ontraport records with how much of the set it shows, and paging.",
            ["record.js", "page.js"], "PageTable, RecordCard"),
        ViewResource.Compose(MoneyUri, "money_card", "Money card", "A charge or refund: its preview with a button to perform it once, or its result.",
            ["money.js"], "MoneyCard"),
    ]);

    /// <summary>
    /// Adds the views to the server's resources and names them on their tools (<c>_meta.ui.resourceUri</c>). Runs once
    /// per host, after the SDK has collected the tools.
    /// </summary>
    public static void AddTo(McpServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ResourceCollection ??= [];
        foreach (var view in All)
        {
            options.ResourceCollection.Add(view);
        }

        foreach (var tool in options.ToolCollection ?? [])
        {
            if (ToolViews.TryGetValue(tool.ProtocolTool.Name, out var uri))
            {
                var meta = tool.ProtocolTool.Meta ?? new JsonObject();
                meta["ui"] = new JsonObject { ["resourceUri"] = uri };
                tool.ProtocolTool.Meta = meta;
            }
        }
    }
}
