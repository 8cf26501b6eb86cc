using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The seed documents tags and subscriptions on contacts, deals, companies and custom objects. An account's metadata
/// may add such capabilities to other types but never take a documented one away: here the sandbox's real
/// <c>objects/meta</c> answer reaches the server without deals' <c>contact_cat</c> and contacts' <c>updateSequence</c>,
/// and the tools still act.
/// </summary>
public class ManageCapabilityTests
{
    [Fact]
    public async Task Documented_tags_and_subscriptions_are_not_refused_when_the_metadata_omits_their_fields()
    {
        await using var host = new ServerHost();
        await using var stripped = host.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddHttpClient("Ontraport").AddHttpMessageHandler(() => new MetadataWithout((149, "contact_cat"), (0, "updateSequence")))));
        await using var client = await ConnectAsync(stripped);

        var tagged = (await client.CallAsync("manage_tags", new { action = "add", object_type = "deals", tag_names = new[] { "hot" }, ids = new[] { 1234 } })).Ok();
        Assert.Equal("Deals", tagged["object_type"]!.GetValue<string>());

        var subscribed = (await client.CallAsync("manage_subscriptions", new { action = "subscribe", sequence_names = new[] { "onboarding" }, contact = "John Smith" })).Ok();
        Assert.Equal("New Member Onboarding", subscribed["sequences"]![0]!["name"]!.GetValue<string>());

        var meta = (await client.CallAsync("get_object_meta", new { object_type = "deals" })).Text;
        Assert.DoesNotContain("contact_cat", meta, StringComparison.Ordinal); // the metadata really lacked the field
    }

    [Fact]
    public async Task A_type_the_seed_does_not_document_is_still_refused_without_the_field()
    {
        await using var host = new ServerHost();
        await using var client = await host.ConnectAsync();

        var refused = (await client.CallAsync("manage_tags", new { action = "add", object_type = "products", tag_names = new[] { "hot" }, ids = new[] { 1 } })).Error();

        Assert.Contains("Products records carry no tags", refused, StringComparison.Ordinal);
    }

    private static async Task<McpClient> ConnectAsync(WebApplicationFactory<Program> factory)
    {
        var http = factory.CreateDefaultClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "e2e-tests", Version = "1.0" } });
    }

    /// <summary>Drops fields from the real <c>objects/meta</c> answer, as an account whose metadata omits them would send it.</summary>
    private sealed class MetadataWithout(params (int TypeId, string Field)[] omitted) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (!request.RequestUri!.AbsolutePath.EndsWith("/objects/meta", StringComparison.Ordinal))
            {
                return response;
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
            foreach (var (typeId, field) in omitted)
            {
                var fields = body["data"]?[typeId.ToString(System.Globalization.CultureInfo.InvariantCulture)]?["fields"] as JsonObject;
                Assert.NotNull(fields?[field]); // the field was there to begin with
                fields!.Remove(field);
            }

            response.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            return response;
        }
    }
}
