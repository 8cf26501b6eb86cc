var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/health", () => Results.Ok(new { status = "ok" }));
await app.RunAsync();

/// <summary>Entry point; public so the end-to-end tests can host it with WebApplicationFactory.</summary>
public partial class Program;
