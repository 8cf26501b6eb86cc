namespace Ontraport.Sandbox;

/// <summary>Settings of an <see cref="OntraportSandbox"/>.</summary>
public sealed class SandboxOptions
{
    /// <summary>Requests allowed per account (app id) in any rolling 60-second window (ontraport-api.md §1.6).</summary>
    public int RateLimitPerMinute { get; set; } = 180;

    /// <summary>The cap and default of <c>range</c> on collection reads (ontraport-api.md §2.1).</summary>
    public int MaxRange { get; set; } = 50;

    /// <summary>The clock of every date the sandbox writes and of the rate limit.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The fixed seed of the demo data generator: the same seed and clock give the same account.</summary>
    public int Seed { get; set; } = 20261122;

    /// <summary>Faults to inject (none by default); see <see cref="SandboxFaults"/>.</summary>
    public SandboxFaults? Faults { get; set; }

    /// <summary>
    /// API keys the sandbox refuses with 401 (<see cref="SandboxChoices.UnauthorizedText"/>), as Ontraport refuses a wrong
    /// or revoked key. Empty by default: any key is accepted. Lets tests and demos show what a bad key does.
    /// </summary>
    public IReadOnlySet<string> RejectedApiKeys { get; set; } = new HashSet<string>(StringComparer.Ordinal);
}
