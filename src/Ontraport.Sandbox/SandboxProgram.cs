using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Ontraport.Sandbox;

/// <summary>Runs the emulator on its own: <c>dotnet run --project src/Ontraport.Sandbox -- --urls http://127.0.0.1:5100</c>.</summary>
public static class SandboxProgram
{
    public static async Task Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddOntraportSandbox();
        var app = builder.Build();
        app.MapGet("/", () => Results.Text("Ontraport sandbox: the API is served at /1/ (any Api-Appid and Api-Key).\n"));
        app.MapOntraportSandbox("/1");
        await app.RunAsync();
    }
}
