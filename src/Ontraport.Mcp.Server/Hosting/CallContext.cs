using Ontraport.Client;
using Ontraport.Client.Http;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Hosting;

/// <summary>
/// What one HTTP request to the MCP endpoint carries: whose Ontraport account it acts on, and who is calling. Scoped to
/// the request; tools read it through DI, never through statics, so concurrent tenants cannot see each other's data.
/// </summary>
public sealed class CallContext
{
    private readonly OntraportClientFactory _clients;
    private OntraportClient? _client;

    public CallContext(OntraportClientFactory clients) => _clients = clients;

    /// <summary>The account this request acts on, from the authentication scheme that accepted it (set per request).</summary>
    public RequestAccount? Account { get; set; }

    /// <summary>The account's credentials (null before authentication).</summary>
    public OntraportCredentials? Credentials => Account?.Credentials;

    /// <summary>The calling client's name when known (User-Agent or MCP clientInfo), for logs and the audit trail.</summary>
    public string? ClientName { get; set; }

    /// <summary>The tools this request may see and call (settings narrowed by its headers).</summary>
    public ToolInventory? Selection { get; set; }

    /// <summary>
    /// Where this call's client reports rate-limit waits and page reads: to the caller's progress notifications when the
    /// request asked for them (set by the call chain before the tool runs), else nowhere.
    /// </summary>
    public ProgressRelay Progress { get; } = new();

    /// <summary>The Ontraport client for this request (one per call: one time budget, one request counter).</summary>
    public OntraportClient Client => _client ??= _clients.Create(
        Credentials ?? throw new InvalidOperationException("No Ontraport account was resolved for this request."), Progress);

    /// <summary>How the call ended, named by the step of the call chain that decided it (null until then).</summary>
    public string? Outcome { get; set; }

    /// <summary>Upstream requests made so far by this request (0 if none was needed).</summary>
    public int UpstreamRequests => _client?.RequestCount ?? 0;

    /// <summary>Record-creating or money-moving requests that went out in this request.</summary>
    public int RecordCreatingWrites => _client?.RecordCreatingWrites ?? 0;

    /// <summary>Requests that could change the account (anything but a read) that went out in this request.</summary>
    public int UpstreamWrites => _client?.WriteCount ?? 0;

    /// <summary>Forwards progress to whoever listens right now; the client is created with it, whenever that is.</summary>
    public sealed class ProgressRelay : IProgress<CallProgress>
    {
        private volatile IProgress<CallProgress>? _target;

        public IProgress<CallProgress>? Target
        {
            get => _target;
            set => _target = value;
        }

        public void Report(CallProgress value) => _target?.Report(value);
    }
}
