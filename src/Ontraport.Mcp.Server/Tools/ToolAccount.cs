using Ontraport.Client;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>
/// The Ontraport account one tool call acts on, as the host hands it to the tools (Tools/ owns the type, the host fills
/// it in per request). The client is created on first use, so a call that needs no upstream request creates none.
/// </summary>
public sealed class ToolAccount
{
    private Func<OntraportClient>? _connect;
    private OntraportClient? _client;

    /// <summary>Called by the host once it knows whose account the request acts on.</summary>
    public void Connect(Func<OntraportClient> connect) => _connect = connect;

    public OntraportClient Client => _client ??= (_connect ?? throw new InvalidOperationException("No Ontraport account was resolved for this call."))();
}

/// <summary>What the tools need to know of the server's settings, filled in by the host.</summary>
/// <param name="TimeZoneOverride">The operator's time zone for readable dates (<c>ONTRAPORT_TIMEZONE</c>), if set.</param>
/// <param name="Sandbox">Whether the account is the embedded sandbox's demo account.</param>
public sealed record ToolOptions(TimeZoneInfo? TimeZoneOverride, bool Sandbox);
