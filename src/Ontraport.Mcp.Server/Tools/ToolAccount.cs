using Ontraport.Client;
using Ontraport.Client.Http;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The Ontraport account one tool call acts on. Scoped to the request: the host's authentication scheme names the account
/// (<see cref="ActFor"/>) before anything runs, and tools take <see cref="Client"/>. The client is created on first use,
/// so a call that needs no upstream request creates none; one client per call means one time budget and one request
/// counter.
/// </summary>
public sealed class ToolAccount(OntraportClientFactory clients)
{
    private OntraportClient? _client;

    /// <summary>The account's credentials (null before authentication). Never log or return them.</summary>
    public OntraportCredentials? Credentials { get; private set; }

    /// <summary>
    /// Where this call's client reports rate-limit waits and page reads: to the caller's progress notifications when the
    /// request asked for them (set by the call chain before the tool runs), else nowhere.
    /// </summary>
    public ProgressRelay Progress { get; } = new();

    /// <summary>Names the account; once per request, by the authentication scheme that accepted it.</summary>
    public void ActFor(OntraportCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        if (Credentials is not null && Credentials != credentials)
        {
            throw new InvalidOperationException("This request's account was already resolved.");
        }

        Credentials = credentials;
    }

    public OntraportClient Client => _client ??= clients.Create(
        Credentials ?? throw new InvalidOperationException("No Ontraport account was resolved for this call."), Progress);

    /// <summary>The client if the call created one (null when it needed no upstream request).</summary>
    public OntraportClient? CreatedClient => _client;

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

/// <summary>What the tools need to know of the server's settings, filled in by the host.</summary>
/// <param name="TimeZoneOverride">The operator's time zone for readable dates (<c>ONTRAPORT_TIMEZONE</c>), if set.</param>
/// <param name="Sandbox">Whether the account is the embedded sandbox's demo account.</param>
public sealed record ToolOptions(TimeZoneInfo? TimeZoneOverride, bool Sandbox);
