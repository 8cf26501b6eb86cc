using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Who the server says it is (<c>serverInfo</c> of initialize and <c>server/discover</c>): name, title, version and an
/// icon. The icon is a 48×48 PNG inline as a <c>data:</c> URI (325 bytes): PNG is a format every client that shows icons
/// must support (MCP 2025-11-25, where SVG is only recommended and can carry script), and a <c>data:</c> URI needs no
/// fetch, so it works on loopback, in the sandbox and behind any proxy, and no client has to trust another host to show it.
/// </summary>
public static class ServerIdentity
{
    public const string Name = "ontraport-mcp";

    public const string Title = "Ontraport MCP server";

    /// <summary>The icon's bytes (<c>Hosting/ServerIcon.png</c>, drawn by <c>docs/server-icon.py</c>).</summary>
    public static byte[] IconPng { get; } = ReadIcon();

    public static Icon Icon { get; } = new()
    {
        Source = "data:image/png;base64," + Convert.ToBase64String(IconPng),
        MimeType = "image/png",
        Sizes = ["48x48"],
    };

    public static Implementation Implementation { get; } = new()
    {
        Name = Name,
        Title = Title,
        Version = typeof(ServerIdentity).Assembly.GetName().Version?.ToString(3) ?? "1.0.0",
        Icons = [Icon],
    };

    /// <summary>
    /// In the 2026-07-28 era the SDK puts <c>serverInfo</c> in every result's <c>_meta</c>, so a client can tell which
    /// server answered. The icon, for display, stays where a client reads the server's identity to show it: the answer to
    /// <c>server/discover</c> (recognised by its <c>supportedVersions</c>) and, in the initialize era, the
    /// <c>serverInfo</c> of initialize. Every other answer, tools/list included, carries name, title and version without
    /// the icon's 450 bytes.
    /// </summary>
    public static McpMessageHandler IconOnlyWhereDisplayed(McpMessageHandler next) => (message, cancellationToken) =>
    {
        if (message.JsonRpcMessage is JsonRpcResponse { Result: JsonObject result } &&
            !result.ContainsKey("serverInfo") && !result.ContainsKey("supportedVersions") &&
            result["_meta"]?[MetaKeys.ServerInfo] is JsonObject identity)
        {
            identity.Remove("icons");
        }

        return next(message, cancellationToken);
    };

    private static byte[] ReadIcon()
    {
        using var stream = typeof(ServerIdentity).Assembly.GetManifestResourceStream("ServerIcon.png")
            ?? throw new InvalidOperationException("The server icon (ServerIcon.png) is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
