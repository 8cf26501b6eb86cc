namespace Ontraport.Sandbox;

/// <summary>Runs the emulator on its own: <c>dotnet run --project src/Ontraport.Sandbox -- --urls http://127.0.0.1:5100</c>.</summary>
public static class SandboxProgram
{
    public static async Task Main(string[] args)
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);
        var app = builder.Build();
        await app.RunAsync();
    }
}
