using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Which tools one request may see and call. The operator's settings are the upper bound; the request headers
/// <c>X-MCP-Toolsets</c>, <c>X-MCP-Readonly</c> and <c>X-MCP-Exclude-Tools</c> can only narrow it. Read-only beats allow
/// lists; exclude beats include. tools/list and tools/call consult the same object, so a hidden tool cannot be called.
/// </summary>
public sealed class ToolSelection
{
    private readonly IReadOnlySet<string> _toolsets;
    private readonly bool _readOnly;
    private readonly IReadOnlySet<string>? _allow;
    private readonly IReadOnlySet<string> _exclude;
    private readonly string _source;

    private ToolSelection(IReadOnlySet<string> toolsets, bool readOnly, IReadOnlySet<string>? allow, IReadOnlySet<string> exclude, string source)
    {
        _toolsets = toolsets;
        _readOnly = readOnly;
        _allow = allow;
        _exclude = exclude;
        _source = source;
    }

    public const string ToolsetsHeader = "X-MCP-Toolsets";
    public const string ReadOnlyHeader = "X-MCP-Readonly";
    public const string ExcludeHeader = "X-MCP-Exclude-Tools";

    public static ToolSelection FromSettings(ServerSettings settings) => new(
        new HashSet<string>(settings.Toolsets, StringComparer.OrdinalIgnoreCase),
        settings.ReadOnly,
        settings.Tools.Count > 0 ? new HashSet<string>(settings.Tools, StringComparer.OrdinalIgnoreCase) : null,
        new HashSet<string>(settings.ExcludeTools, StringComparer.OrdinalIgnoreCase),
        "the server's settings");

    /// <summary>Narrows by the request's headers. Unknown names are refused (answered 400) rather than ignored.</summary>
    public ToolSelection Narrow(IHeaderDictionary headers, out string? problem)
    {
        problem = null;
        var toolsets = _toolsets;
        if (headers[ToolsetsHeader].ToString() is { Length: > 0 } requested)
        {
            var names = ServerSettings.List(requested);
            if (names.FirstOrDefault(n => !ServerSettings.AllToolsets.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                problem = $"{ToolsetsHeader} names '{unknown}'; the toolsets are {string.Join(", ", ServerSettings.AllToolsets)}.";
                return this;
            }

            toolsets = new HashSet<string>(names.Where(_toolsets.Contains), StringComparer.OrdinalIgnoreCase); // never adds
        }

        var readOnly = _readOnly;
        if (headers[ReadOnlyHeader].ToString() is { Length: > 0 } flag)
        {
            var value = flag.Trim().ToLowerInvariant();
            if (value is not ("true" or "false" or "1" or "0" or "yes" or "no"))
            {
                problem = $"{ReadOnlyHeader} must be true or false, not '{Shorten(flag)}'.";
                return this;
            }

            readOnly |= Settings.SettingValues.Flag(value); // "false" cannot lift the server's read-only mode
        }

        var exclude = _exclude;
        if (headers[ExcludeHeader].ToString() is { Length: > 0 } excluded)
        {
            var names = ServerSettings.List(excluded);
            if (names.FirstOrDefault(n => ToolCatalog.Find(n) is null) is { } unknown)
            {
                problem = $"{ExcludeHeader} names '{Shorten(unknown)}', which is not a tool of this server.";
                return this;
            }

            exclude = new HashSet<string>(_exclude.Concat(names), StringComparer.OrdinalIgnoreCase);
        }

        return ReferenceEquals(toolsets, _toolsets) && readOnly == _readOnly && ReferenceEquals(exclude, _exclude)
            ? this
            : new ToolSelection(toolsets, readOnly, _allow, exclude, "the server's settings and this request's headers");
    }

    /// <summary>
    /// Narrows by what a caller was granted (an OAuth grant's consent): read-only, or some toolsets, and Commerce writes
    /// only with <see cref="Authentication.ToolAllowance.Money"/>. Like the headers, it can only take away.
    /// </summary>
    public ToolSelection Restrict(Authentication.ToolAllowance? allowance)
    {
        if (allowance is null)
        {
            return this;
        }

        var toolsets = new HashSet<string>(_toolsets.Where(allowance.Toolsets.Contains), StringComparer.OrdinalIgnoreCase);
        var exclude = allowance.Money
            ? _exclude
            : new HashSet<string>(_exclude.Concat(ToolCatalog.All.Where(t => t.Toolset == "commerce" && !t.ReadOnly).Select(t => t.Name)), StringComparer.OrdinalIgnoreCase);
        return new ToolSelection(toolsets, _readOnly || allowance.ReadOnly, _allow, exclude, _source + " and the access this client was granted");
    }

    public bool Allows(string toolName) => WhyHidden(toolName) is null;

    /// <summary>Null when the tool is available; otherwise why not, in words an agent can relay.</summary>
    public string? WhyHidden(string toolName)
    {
        if (ToolCatalog.Find(toolName) is not { } tool)
        {
            return "it does not exist";
        }

        if (_readOnly && !tool.ReadOnly)
        {
            return $"{_source} allow only read-only tools";
        }

        if (_exclude.Contains(tool.Name))
        {
            return $"{_source} exclude it";
        }

        if (!_toolsets.Contains(tool.Toolset))
        {
            return $"the '{tool.Toolset}' toolset is not enabled by {_source}";
        }

        if (_allow is not null && !_allow.Contains(tool.Name))
        {
            return $"it is not in the allow list of {_source}";
        }

        return null;
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
