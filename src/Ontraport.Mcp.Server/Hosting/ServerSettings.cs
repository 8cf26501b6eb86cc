using Ontraport.Client;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Mcp.Server.Settings;
using Ontraport.Mcp.Server.Tools;
using ToolsetNames = Ontraport.Mcp.Server.Tools.Toolsets;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// Every setting of the server, read once at start-up from ASP.NET Core configuration (environment variables,
/// appsettings.json, command line) under the flat names of the contract. Invalid settings stop the start with a list of
/// what to fix. This is the one place that knows the names.
/// </summary>
public sealed record ServerSettings
{
    public const string SandboxAppId = "sandbox-demo";
    public const string SandboxApiKey = "sandbox-key";

    public ServerMode Mode { get; init; }

    public OntraportCredentials? AccountCredentials { get; init; }

    /// <summary>Set when <c>ONTRAPORT_BASE_URL</c> is given; in sandbox mode the in-process emulator is used otherwise.</summary>
    public Uri? BaseUrl { get; init; }

    public int RateLimitPerMinute { get; init; } = 180;

    public IReadOnlySet<string> Toolsets { get; init; } = new HashSet<string>(ToolsetNames.All, StringComparer.OrdinalIgnoreCase);

    public bool ReadOnly { get; init; }

    /// <summary>When non-empty, only these tools (an allow list).</summary>
    public IReadOnlySet<string> Tools { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> ExcludeTools { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> AccessTokens { get; init; } = [];

    /// <summary>Host names (no port) the endpoint answers for. Loopback names are always allowed; "*" allows any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Browser origins allowed besides loopback ones (scheme://host[:port]); "*" allows any.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Audit targets: file paths and/or "console" (comma-separated). Default "console".</summary>
    public string? AuditLogPath { get; init; } = "console";

    /// <summary>An audit file rolls over to <c>name_001.ext</c>, <c>name_002.ext</c>, … past this size (<c>ONTRAPORT_MCP_AUDIT_LOG_MAX_MB</c>).</summary>
    public long AuditLogFileBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Audit files kept per target, the current one included; older ones are deleted (<c>ONTRAPORT_MCP_AUDIT_LOG_FILES</c>).</summary>
    public int AuditLogFiles { get; init; } = 10;

    /// <summary>Time one tool call may take, waits included.</summary>
    public TimeSpan CallBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary><c>ONTRAPORT_TIMEZONE</c>: the account's time zone when the operator sets it (see <see cref="Client.Inferred.AccountTimeZones"/>).</summary>
    public TimeZoneInfo? TimeZoneOverride { get; init; }

    /// <summary>"text" (default) or "json" console logs.</summary>
    public string LogFormat { get; init; } = "text";

    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary><c>ONTRAPORT_SANDBOX_FAULTS</c>: faults the embedded sandbox injects (robustness tests and demos only).</summary>
    public Ontraport.Sandbox.SandboxFaults? SandboxFaults { get; init; }

    /// <summary><c>ONTRAPORT_MCP_RETRY_BASE_DELAY_MS</c>: first backoff before retrying a safe request (default 500 ms).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary><c>ONTRAPORT_BASE_URL=embedded</c>: the in-process sandbox whatever the mode (each app id its own account).</summary>
    public bool EmbeddedUpstream { get; init; }

    /// <summary><c>ONTRAPORT_MCP_REDIS</c>: a StackExchange.Redis configuration string; set, several instances share state (DESIGN §8).</summary>
    public string? Redis { get; init; }

    /// <summary>
    /// <c>ONTRAPORT_MCP_INSTANCE_COUNT</c> (default 4): how many instances run behind the load balancer, used only to size
    /// each one's local share of the rate limit (limit ÷ count) while Redis is unreachable.
    /// </summary>
    public int AssumedInstances { get; init; } = 4;

    /// <summary><c>ONTRAPORT_MCP_TRUSTED_PROXIES</c>: the reverse proxies whose forwarded headers count (<see cref="Hosting.TrustedProxies"/>).</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary><c>ONTRAPORT_MCP_CONFIRM</c>: when money moves and bulk deletes wait for a person's yes (default auto).</summary>
    public ConfirmMode Confirm { get; init; } = ConfirmMode.Auto;

    /// <summary><c>ONTRAPORT_MCP_APPS</c>: the MCP Apps views (resources and the tools' <c>_meta.ui</c>); default on.</summary>
    public bool Apps { get; init; } = true;

    /// <summary>The Redis configuration string when set, read before the container is built (Data Protection depends on it).</summary>
    public static string? RedisConfiguration(IConfiguration configuration) =>
        configuration["ONTRAPORT_MCP_REDIS"] is { Length: > 0 } value && value.Trim().Length > 0 ? value.Trim() : null;

    /// <summary>The client talks to the emulator in-process: sandbox mode without a base URL, or an embedded upstream.</summary>
    public bool UsesInProcessSandbox => EmbeddedUpstream || (Mode == ServerMode.Sandbox && BaseUrl is null);

    /// <summary>The API root the client calls.</summary>
    public Uri UpstreamBase => BaseUrl ?? (UsesInProcessSandbox ? InProcessSandboxBase : Client.OntraportClientOptions.DefaultBaseAddress);

    /// <summary>The API root the client uses for the in-process sandbox (never resolved on a network).</summary>
    public static Uri InProcessSandboxBase => SettingValues.InProcessSandboxBase;

    /// <summary>Whether the configuration asks for oauth mode, read before the container is built (the schemes depend on it).</summary>
    public static bool IsOAuthMode(IConfiguration configuration) =>
        string.Equals(configuration["ONTRAPORT_MCP_MODE"]?.Trim(), "oauth", StringComparison.OrdinalIgnoreCase);

    public static ServerSettings Load(IConfiguration configuration)
    {
        var problems = new List<string>();
        string? Get(string key) => configuration[key] is { Length: > 0 } value ? value.Trim() : null;

        var appId = Get("ONTRAPORT_APP_ID");
        var apiKey = Get("ONTRAPORT_API_KEY");
        var modes = Enum.GetValues<ServerMode>().ToDictionary(m => m.ToString().ToLowerInvariant()); // each mode's scheme: Authentication/
        var mode = Get("ONTRAPORT_MCP_MODE")?.ToLowerInvariant() switch
        {
            null => appId is not null && apiKey is not null ? ServerMode.Account : ServerMode.Sandbox,
            { } name when modes.TryGetValue(name, out var named) => named,
            var other => Problem(problems, $"ONTRAPORT_MCP_MODE '{other}' is not one of {string.Join(", ", modes.Keys)}.", ServerMode.Sandbox),
        };

        OntraportCredentials? credentials = null;
        if (mode == ServerMode.Account)
        {
            if (appId is null || apiKey is null)
            {
                problems.Add("Account mode needs both ONTRAPORT_APP_ID and ONTRAPORT_API_KEY.");
            }
            else
            {
                credentials = new OntraportCredentials(appId, apiKey);
            }
        }

        Uri? baseUrl = null;
        var embedded = false;
        if (Get("ONTRAPORT_BASE_URL") is { } embeddedText && embeddedText.Equals("embedded", StringComparison.OrdinalIgnoreCase))
        {
            embedded = true; // the in-process sandbox in any mode (multi-tenant demos and tests of passthrough)
        }
        else if (Get("ONTRAPORT_BASE_URL") is { } baseText)
        {
            if (Uri.TryCreate(baseText.EndsWith('/') ? baseText : baseText + "/", UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https")
            {
                baseUrl = parsed;
            }
            else
            {
                problems.Add($"ONTRAPORT_BASE_URL '{baseText}' is not an absolute http(s) URL such as https://api.ontraport.com/1/.");
            }
        }

        var rateLimit = SettingValues.Integer(Get("ONTRAPORT_RATE_LIMIT_PER_MINUTE"), 180, 2, 100_000, "ONTRAPORT_RATE_LIMIT_PER_MINUTE", problems);
        var budgetSeconds = SettingValues.Integer(Get("ONTRAPORT_MCP_CALL_BUDGET_SECONDS"), 60, 1, 3600, "ONTRAPORT_MCP_CALL_BUDGET_SECONDS", problems);

        var toolsets = SettingValues.List(Get("ONTRAPORT_MCP_TOOLSETS"));
        foreach (var unknown in toolsets.Where(t => !ToolsetNames.All.Contains(t, StringComparer.OrdinalIgnoreCase)))
        {
            problems.Add($"ONTRAPORT_MCP_TOOLSETS names '{unknown}'; the toolsets are {string.Join(", ", ToolsetNames.All)}.");
        }

        TimeZoneInfo? zone = null;
        if (Get("ONTRAPORT_TIMEZONE") is { } zoneId && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out zone))
        {
            problems.Add($"ONTRAPORT_TIMEZONE '{zoneId}' is not a known IANA time zone such as America/Los_Angeles.");
        }

        foreach (var name in SettingValues.List(Get("ONTRAPORT_MCP_TOOLS")).Concat(SettingValues.List(Get("ONTRAPORT_MCP_EXCLUDE_TOOLS"))))
        {
            if (Ontraport.Mcp.Server.Tools.ToolCatalog.Find(name) is null)
            {
                problems.Add($"ONTRAPORT_MCP_TOOLS / ONTRAPORT_MCP_EXCLUDE_TOOLS name '{name}', which is not a tool of this server.");
            }
        }

        Ontraport.Sandbox.SandboxFaults? faults = null;
        if (Get("ONTRAPORT_SANDBOX_FAULTS") is { } faultSpec)
        {
            if (mode != ServerMode.Sandbox && !embedded)
            {
                problems.Add("ONTRAPORT_SANDBOX_FAULTS applies only to the embedded sandbox (sandbox mode, or ONTRAPORT_BASE_URL=embedded).");
            }

            try
            {
                faults = Ontraport.Sandbox.SandboxFaults.Parse(faultSpec);
            }
            catch (FormatException ex)
            {
                problems.Add("ONTRAPORT_SANDBOX_FAULTS: " + ex.Message);
            }
        }

        var retryDelay = SettingValues.Integer(Get("ONTRAPORT_MCP_RETRY_BASE_DELAY_MS"), 500, 0, 60_000, "ONTRAPORT_MCP_RETRY_BASE_DELAY_MS", problems);

        var redis = RedisConfiguration(configuration);
        if (redis is not null)
        {
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(redis);
            }
            catch (ArgumentException)
            {
                // The value itself is not repeated: it can hold a password.
                problems.Add("ONTRAPORT_MCP_REDIS is not a StackExchange.Redis configuration string such as 'localhost:6379' or 'redis.internal:6379,password=…,ssl=true'.");
            }
        }

        var trustedProxies = Hosting.TrustedProxies.Parse(Get(Hosting.TrustedProxies.Setting), problems);

        var instances = SettingValues.Integer(Get("ONTRAPORT_MCP_INSTANCE_COUNT"), 4, 1, 1000, "ONTRAPORT_MCP_INSTANCE_COUNT", problems);

        var auditFileMegabytes = SettingValues.Integer(Get("ONTRAPORT_MCP_AUDIT_LOG_MAX_MB"), 100, 1, 1_000_000, "ONTRAPORT_MCP_AUDIT_LOG_MAX_MB", problems);
        var auditFiles = SettingValues.Integer(Get("ONTRAPORT_MCP_AUDIT_LOG_FILES"), 10, 1, 10_000, "ONTRAPORT_MCP_AUDIT_LOG_FILES", problems);
        AuditTrail.CheckTargets(configuration["ONTRAPORT_MCP_AUDIT_LOG"] is { Length: > 0 } auditLog ? auditLog : null, problems);

        var logFormat = Get("ONTRAPORT_MCP_LOG_FORMAT")?.ToLowerInvariant() ?? "text";
        if (logFormat is not ("text" or "json"))
        {
            problems.Add($"ONTRAPORT_MCP_LOG_FORMAT '{logFormat}' must be text or json.");
        }

        var confirmModes = Enum.GetValues<ConfirmMode>().ToDictionary(m => m.ToString().ToLowerInvariant());
        var confirm = Get("ONTRAPORT_MCP_CONFIRM")?.ToLowerInvariant() switch
        {
            null => ConfirmMode.Auto,
            { } word when confirmModes.TryGetValue(word, out var named) => named,
            var other => Problem(problems, $"ONTRAPORT_MCP_CONFIRM '{other}' is not one of {string.Join(", ", confirmModes.Keys)}.", ConfirmMode.Auto),
        };

        var apps = SettingValues.Switch(Get("ONTRAPORT_MCP_APPS"), true, "ONTRAPORT_MCP_APPS", problems);

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("The server cannot start:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => " - " + p)));
        }

        return new ServerSettings
        {
            Mode = mode,
            AccountCredentials = credentials,
            BaseUrl = baseUrl,
            EmbeddedUpstream = embedded,
            RateLimitPerMinute = rateLimit,
            Toolsets = new HashSet<string>(toolsets.Count > 0 ? toolsets : ToolsetNames.All, StringComparer.OrdinalIgnoreCase),
            ReadOnly = SettingValues.Flag(Get("ONTRAPORT_MCP_READ_ONLY")),
            Tools = new HashSet<string>(SettingValues.List(Get("ONTRAPORT_MCP_TOOLS")), StringComparer.OrdinalIgnoreCase),
            ExcludeTools = new HashSet<string>(SettingValues.List(Get("ONTRAPORT_MCP_EXCLUDE_TOOLS")), StringComparer.OrdinalIgnoreCase),
            AccessTokens = SettingValues.List(Get("ONTRAPORT_MCP_ACCESS_TOKENS")),
            AllowedHosts = SettingValues.List(Get("ONTRAPORT_MCP_ALLOWED_HOSTS")),
            AllowedOrigins = SettingValues.List(Get("ONTRAPORT_MCP_ALLOWED_ORIGINS")),
            AuditLogPath = Get("ONTRAPORT_MCP_AUDIT_LOG") ?? "console",
            AuditLogFileBytes = auditFileMegabytes * 1024L * 1024,
            AuditLogFiles = auditFiles,
            CallBudget = TimeSpan.FromSeconds(budgetSeconds),
            TimeZoneOverride = zone,
            SandboxFaults = faults,
            RetryBaseDelay = TimeSpan.FromMilliseconds(retryDelay),
            LogFormat = logFormat,
            Redis = redis,
            AssumedInstances = instances,
            TrustedProxies = trustedProxies,
            Confirm = confirm,
            Apps = apps,
        };
    }

    /// <summary>The operator's bound on the tools (<see cref="ToolInventory"/>), which requests and grants can only narrow.</summary>
    public ToolInventory Inventory() => ToolInventory.FromSettings(Toolsets, ReadOnly, Tools, ExcludeTools);

    private static T Problem<T>(List<string> problems, string message, T fallback)
    {
        problems.Add(message);
        return fallback;
    }
}
