namespace Ontraport.Mcp.Server.Text;

/// <summary>
/// Cuts text a caller sent (a tool name, a header, an id, a redirect URI) before a message or a log line echoes it, so one
/// long value cannot flood an answer or a log. Depends on nothing, so every layer (Tools, Hosting, OAuth) may use it.
/// </summary>
public static class TextLimit
{
    /// <summary>
    /// <paramref name="text"/> itself when it has at most <paramref name="max"/> characters, else its first
    /// <paramref name="max"/> characters followed by <paramref name="mark"/> ("…" unless told otherwise).
    /// </summary>
    public static string Shorten(string text, int max, string mark = "…") => text.Length > max ? text[..max] + mark : text;
}
