using Ontraport.Mcp.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddOntraportMcpServer();
var app = builder.Build();
app.MapOntraportMcpServer();
await app.RunAsync();

/// <summary>Entry point; public so the end-to-end tests can host it with WebApplicationFactory.</summary>
public partial class Program;
