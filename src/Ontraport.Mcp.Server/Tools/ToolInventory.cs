using Ontraport.Mcp.Server.Text;
using Ontraport.Mcp.Server.Settings;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// What a caller was granted (an OAuth grant's consent): read-only, or some toolsets, and Commerce writes
/// (<paramref name="Money"/>) only when ticked. Chosen on the consent page, stored with the grant, applied by
/// <see cref="ToolInventory.Restrict"/>.
/// </summary>
/// <param name="ReadOnly">Only tools that change nothing.</param>
/// <param name="Toolsets">A subset of <see cref="Toolsets.All"/>.</param>
/// <param name="Money">Commerce writes (charges, refunds, invoices); never with <paramref name="ReadOnly"/>.</param>
public sealed record ToolAllowance(bool ReadOnly, IReadOnlySet<string> Toolsets, bool Money)
{
    /// <summary>The stored form: "ro" or "rw", the toolsets, and "money" when allowed; for example "rw crud query money".</summary>
    public string ToStored() =>
        string.Join(' ', new[] { ReadOnly ? "ro" : "rw" }.Concat(Tools.Toolsets.All.Where(Toolsets.Contains)).Concat(Money ? ["money"] : []));

    public static ToolAllowance FromStored(string stored)
    {
        var parts = (stored ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var readOnly = !parts.Contains("rw");
        var toolsets = new HashSet<string>(parts.Where(Tools.Toolsets.All.Contains), StringComparer.OrdinalIgnoreCase);
        return new ToolAllowance(readOnly, toolsets, !readOnly && parts.Contains("money"));
    }
}

/// <summary>
/// The one inventory of what a caller may see and call (github-mcp-server's <c>inventory</c>): the catalog's tools,
/// bounded by the operator's settings (toolsets, read-only, allow and exclude lists), narrowed by the request's headers
/// (<c>X-MCP-Toolsets</c>, <c>X-MCP-Readonly</c>, <c>X-MCP-Exclude-Tools</c>) and by a grant's <see cref="ToolAllowance"/>,
/// each of which can only take away. Read-only beats allow lists; exclude beats include. tools/list, tools/call and the
/// consent page all ask it, so a hidden tool cannot be called.
/// </summary>
public sealed class ToolInventory
{
    private readonly IReadOnlySet<string> _toolsets;
    private readonly bool _readOnly;
    private readonly IReadOnlySet<string>? _allow;
    private readonly IReadOnlySet<string> _exclude;
    private readonly string _source;

    private ToolInventory(IReadOnlySet<string> toolsets, bool readOnly, IReadOnlySet<string>? allow, IReadOnlySet<string> exclude, string source)
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

    /// <summary>The operator's upper bound. An empty <paramref name="allow"/> list allows every tool.</summary>
    public static ToolInventory FromSettings(IEnumerable<string> toolsets, bool readOnly, IReadOnlyCollection<string> allow, IEnumerable<string> exclude) => new(
        new HashSet<string>(toolsets, StringComparer.OrdinalIgnoreCase),
        readOnly,
        allow.Count > 0 ? new HashSet<string>(allow, StringComparer.OrdinalIgnoreCase) : null,
        new HashSet<string>(exclude, StringComparer.OrdinalIgnoreCase),
        "the server's settings");

    /// <summary>The tools this inventory shows, in the catalog's order.</summary>
    public IEnumerable<ToolDescriptor> Tools => ToolCatalog.All.Where(t => Allows(t.Name));

    /// <summary>The tools a grant's Commerce writes (<see cref="ToolAllowance.Money"/>) stand for.</summary>
    public static IEnumerable<ToolDescriptor> MoneyTools => ToolCatalog.All.Where(t => t.Toolset == Toolsets.Commerce && !t.ReadOnly);

    /// <summary>Narrows by the request's headers. Unknown names are refused (answered 400) rather than ignored.</summary>
    public ToolInventory Narrow(IHeaderDictionary headers, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(headers);
        problem = null;
        var toolsets = _toolsets;
        if (headers[ToolsetsHeader].ToString() is { Length: > 0 } requested)
        {
            var names = SettingValues.List(requested);
            if (names.FirstOrDefault(n => !Toolsets.All.Contains(n, StringComparer.OrdinalIgnoreCase)) is { } unknown)
            {
                problem = $"{ToolsetsHeader} names '{unknown}'; the toolsets are {string.Join(", ", Toolsets.All)}.";
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

            readOnly |= SettingValues.Flag(value); // "false" cannot lift the server's read-only mode
        }

        var exclude = _exclude;
        if (headers[ExcludeHeader].ToString() is { Length: > 0 } excluded)
        {
            var names = SettingValues.List(excluded);
            if (names.FirstOrDefault(n => ToolCatalog.Find(n) is null) is { } unknown)
            {
                problem = $"{ExcludeHeader} names '{Shorten(unknown)}', which is not a tool of this server.";
                return this;
            }

            exclude = new HashSet<string>(_exclude.Concat(names), StringComparer.OrdinalIgnoreCase);
        }

        return ReferenceEquals(toolsets, _toolsets) && readOnly == _readOnly && ReferenceEquals(exclude, _exclude)
            ? this
            : new ToolInventory(toolsets, readOnly, _allow, exclude, "the server's settings and this request's headers");
    }

    /// <summary>
    /// Narrows by what a caller was granted: read-only, or some toolsets, and Commerce writes only with
    /// <see cref="ToolAllowance.Money"/>. Like the headers, it can only take away.
    /// </summary>
    public ToolInventory Restrict(ToolAllowance? allowance)
    {
        if (allowance is null)
        {
            return this;
        }

        var toolsets = new HashSet<string>(_toolsets.Where(allowance.Toolsets.Contains), StringComparer.OrdinalIgnoreCase);
        var exclude = allowance.Money
            ? _exclude
            : new HashSet<string>(_exclude.Concat(MoneyTools.Select(t => t.Name)), StringComparer.OrdinalIgnoreCase);
        return new ToolInventory(toolsets, _readOnly || allowance.ReadOnly, _allow, exclude, _source + " and the access this client was granted");
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

    private static string Shorten(string text) => TextLimit.Shorten(text, 60);
}
