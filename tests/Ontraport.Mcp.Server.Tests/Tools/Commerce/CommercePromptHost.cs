namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Every example prompt of the seed's Commerce section (shared/seeds/000), as the tool call an agent makes for it,
/// against the sandbox's demo account, with the answer and the account checked.
/// </summary>
public abstract class CommercePromptHost : IAsyncLifetime
{
    protected ServerHost Host { get; } = new(ServerHost.Weekend);

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();
}
