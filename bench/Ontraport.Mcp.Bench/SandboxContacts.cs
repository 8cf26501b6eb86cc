using System.Text.Json.Nodes;
using Ontraport.Client.Metadata;
using Ontraport.Sandbox;

namespace Ontraport.Mcp.Bench;

/// <summary>The demo account's contact metadata and a page of its contacts, read from a fresh in-process sandbox (micro-benchmark setups).</summary>
internal static class SandboxContacts
{
    public static (ObjectMetadata Contacts, List<JsonObject> Page) Read(int range)
    {
        var sandbox = new OntraportSandbox(new SandboxOptions());
        using var http = new HttpClient(new SandboxHttpMessageHandler(sandbox)) { BaseAddress = new Uri("http://sandbox.invalid/1/") };
        http.DefaultRequestHeaders.Add("Api-Appid", "micro");
        http.DefaultRequestHeaders.Add("Api-Key", "micro");
        var meta = JsonNode.Parse(http.GetStringAsync("objects/meta?objectID=0").GetAwaiter().GetResult())!["data"];
        var page = JsonNode.Parse(http.GetStringAsync($"objects?objectID=0&range={range}").GetAwaiter().GetResult())!["data"]!.AsArray();
        return (AccountMetadata.Parse(meta).Find(0)!, [.. page.OfType<JsonObject>()]);
    }
}
