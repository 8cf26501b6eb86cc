namespace Ontraport.Sandbox;

/// <summary>The emulator's answer: a JSON envelope on success, a plain-text body otherwise.</summary>
public sealed record SandboxResponse(int StatusCode, string ContentType, byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The connection drops instead of answering (fault injection): adapters abort rather than write.</summary>
    public bool ConnectionReset { get; init; }
}
