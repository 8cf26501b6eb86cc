namespace Ontraport.Mcp.Server.Tests;

/// <summary>Each CRUD tool through the SDK's McpClient, the host and the sandbox: happy path, bad input, guard.</summary>
public abstract class CrudToolHost : IAsyncLifetime
{
    protected readonly ServerHost _host = new();
    protected ModelContextProtocol.Client.McpClient _client = null!;

    public async Task InitializeAsync() => _client = await _host.ConnectAsync();

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _host.DisposeAsync();
    }

    protected int UpstreamCount => _host.UpstreamRequests().Count;
}
