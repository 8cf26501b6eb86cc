using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Xunit.Abstractions;

namespace Ontraport.Mcp.Server.Tests.Views.Browser;

/// <summary>
/// One test's world: the real server (sandbox mode, on the Manage and Commerce tests' manual clock), the real C# SDK
/// client declaring the MCP Apps extension (<c>io.modelcontextprotocol/ui</c>), and a Chromium page with the
/// ext-apps host. A view is read with <c>resources/read</c> from the <c>_meta.ui.resourceUri</c> its tool names in
/// <c>tools/list</c>, and fed the SDK's own result of a real <c>tools/call</c>; the view's <c>tools/call</c>s come back
/// through the host to <see cref="Client"/>, so every number a view shows went through the server.
/// </summary>
public sealed class ViewSession : IAsyncDisposable
{
    public const string UiExtension = "io.modelcontextprotocol/ui";
    public const string AppMimeType = "text/html;profile=mcp-app";

    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts", "views");
    private readonly ITestOutputHelper _output;
    private readonly List<string> _console = [];
    private IBrowserContext _context = null!;
    private IList<McpClientTool>? _tools;
    private int _barriers;

    private ViewSession(ServerHost host, ITestOutputHelper output)
    {
        Host = host;
        _output = output;
    }

    public ServerHost Host { get; }

    public McpClient Client { get; private set; } = null!;

    public IPage Page { get; private set; } = null!;

    /// <summary>Every tools/call a view made, as the SDK client sent it on to the server (name and arguments).</summary>
    public List<JsonObject> ViewCalls { get; } = [];

    /// <summary>The rendered view (the host's sandboxed iframe).</summary>
    public IFrameLocator View => Page.FrameLocator("#slot iframe");

    public static async Task<ViewSession> StartAsync(AppsHostChromium chromium, ITestOutputHelper output, string? protocolVersion = null, params (string Key, string? Value)[] settings)
    {
        var session = new ViewSession(new ServerHost(ServerHost.Weekend, settings), output);
        session.Client = await ConnectAsync(session.Host, protocolVersion);
        session._context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 800, Height = 700 } });
        session.Page = await session._context.NewPageAsync();
        session.Page.Console += (_, message) => session._console.Add($"{message.Type}: {message.Text}");
        session.Page.PageError += (_, error) => session._console.Add("page error: " + error);
        // The host page is served from files on a name that never reaches a network (the route answers it).
        await session.Page.RouteAsync("http://apps-host.test/**", async route =>
        {
            var file = Path.Combine(chromium.Dist, Path.GetFileName(new Uri(route.Request.Url).AbsolutePath));
            await route.FulfillAsync(new RouteFulfillOptions
            {
                Status = 200,
                Path = file,
                ContentType = file.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript" : "text/html; charset=utf-8",
            });
        });
        await session.Page.ExposeFunctionAsync<string, Task<string>>("hostCallTool", session.ForwardAsync);
        await session.Page.GotoAsync("http://apps-host.test/host.html");
        await session.Page.WaitForFunctionAsync("() => !!window.mcpHost");
        return session;
    }

    /// <summary>The SDK client, with the MCP Apps extension in its capabilities (2026-07-28 also sends them on every request).</summary>
    public static async Task<McpClient> ConnectAsync(ServerHost host, string? protocolVersion)
    {
        var http = host.CreateDefaultClient();
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(http.BaseAddress!, "mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }, http, NullLoggerFactory.Instance, ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, new McpClientOptions
        {
            ProtocolVersion = protocolVersion,
            ClientInfo = new Implementation { Name = "views-browser-tests", Version = "1.0" },
            Capabilities = new ClientCapabilities
            {
                Extensions = new Dictionary<string, object>
                {
                    [UiExtension] = JsonSerializer.SerializeToElement(new { mimeTypes = new[] { AppMimeType } }),
                },
            },
        });
    }

    /// <summary>A tools/call through the SDK client, as the model's host makes it.</summary>
    public Task<CallToolResult> CallAsync(string tool, object arguments) =>
        Client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!).AsTask();

    /// <summary>The compact JSON answer of a result (its text content).</summary>
    public static JsonNode Answer(CallToolResult result) =>
        JsonNode.Parse(string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text)))!;

    /// <summary>The view <paramref name="tool"/> names in tools/list, read with resources/read (checks the mimeType).</summary>
    public async Task<string> ViewHtmlAsync(string tool)
    {
        var listed = await ToolAsync(tool);
        var uri = listed.ProtocolTool.Meta?["ui"]?["resourceUri"]?.GetValue<string>();
        Assert.True(uri is not null, $"{tool} names no view (_meta.ui.resourceUri) in tools/list: {listed.ProtocolTool.Meta?.ToJsonString() ?? "no _meta"}");
        Assert.StartsWith("ui://", uri, StringComparison.Ordinal);
        var read = await Client.ReadResourceAsync(uri);
        var content = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents));
        Assert.Equal(AppMimeType, content.MimeType);
        return content.Text;
    }

    /// <summary><paramref name="tool"/> as tools/list describes it.</summary>
    public async Task<McpClientTool> ToolAsync(string tool)
    {
        _tools ??= await Client.ListToolsAsync();
        return _tools.SingleOrDefault(t => t.Name == tool) ?? throw new Xunit.Sdk.XunitException($"{tool} is not in tools/list.");
    }

    /// <summary>Calls <paramref name="tool"/> through the SDK and renders its view with that call's input and result.</summary>
    public async Task<CallToolResult> RenderAsync(string tool, object arguments, string theme = "light", bool resultFirst = false)
    {
        var result = await CallAsync(tool, arguments);
        var definition = JsonSerializer.Serialize((await ToolAsync(tool)).ProtocolTool, McpJsonUtilities.DefaultOptions);
        await RenderAsync(await ViewHtmlAsync(tool), JsonSerializer.Serialize(arguments), result, theme, resultFirst, definition);
        return result;
    }

    /// <summary>
    /// Loads <paramref name="html"/> into the host's iframe and hands it the call's input and result; the host context
    /// names the tool (<c>toolInfo</c>) when <paramref name="toolJson"/> is given, as Claude and ChatGPT do.
    /// </summary>
    public async Task RenderAsync(string html, string inputJson, CallToolResult result, string theme = "light", bool resultFirst = false, string toolJson = "null")
    {
        var resultJson = JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
        try
        {
            await Page.EvaluateAsync(
                "([html, input, result, theme, resultFirst, tool]) => window.mcpHost.render({ html, toolInput: JSON.parse(input), toolResult: JSON.parse(result), theme, resultFirst, tool: JSON.parse(tool) ?? undefined })",
                new object[] { html, inputJson, resultJson, theme, resultFirst, toolJson });
        }
        catch (PlaywrightException)
        {
            DumpConsole();
            throw;
        }
    }

    /// <summary>Switches the host's theme (ui/notifications/host-context-changed) without reloading the view.</summary>
    public Task SetThemeAsync(string theme) => Page.EvaluateAsync("theme => window.mcpHost.setTheme(theme)", theme);

    /// <summary>Every request the view sent to the host, in order (tools/call, ui/open-link …): <c>[{method, params}]</c>.</summary>
    public async Task<JsonArray> HostLogAsync() =>
        JsonNode.Parse(await Page.EvaluateAsync<string>("() => JSON.stringify(window.mcpHost.log)"))!.AsArray();

    /// <summary>The log's entries for one method.</summary>
    public async Task<IReadOnlyList<JsonNode>> SentAsync(string method) =>
        [.. (await HostLogAsync()).Where(e => e!["method"]!.GetValue<string>() == method).Select(e => e!["params"]!)];

    /// <summary>
    /// Waits until everything the view sent so far reached the host: after the view's pending tasks it posts a marker,
    /// and postMessage keeps order per source. Used before asserting that a click sent nothing more.
    /// </summary>
    public async Task SettleAsync()
    {
        var n = ++_barriers;
        var frame = await FrameAsync();
        await frame.EvaluateAsync("n => new Promise(resolve => setTimeout(() => { parent.postMessage({ ontraportTestBarrier: n }, '*'); resolve(); }, 0))", n);
        await Page.EvaluateAsync("n => window.mcpHost.barrier(n)", n);
    }

    /// <summary>The view's frame, for script evaluation inside it.</summary>
    public async Task<IFrame> FrameAsync() =>
        (await (await Page.QuerySelectorAsync("#slot iframe"))!.ContentFrameAsync())!;

    /// <summary>The iframe's rendered height (what the view asked for through ui/notifications/size-changed).</summary>
    public async Task<double> FrameHeightAsync() => (await Page.Locator("#slot iframe").BoundingBoxAsync())!.Height;

    /// <summary>
    /// Keeps a screenshot of the view under the test output (artifacts/views) and, when <paramref name="publish"/> and
    /// UPDATE_VIEW_SCREENSHOTS=1, in docs/views (the README shows those).
    /// </summary>
    public async Task ScreenshotAsync(string name, bool publish = false)
    {
        Directory.CreateDirectory(Artifacts);
        var path = Path.Combine(Artifacts, name + ".png");
        await Page.Locator("#slot").ScreenshotAsync(new LocatorScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled });
        _output.WriteLine("screenshot: " + path);
        if (publish && Environment.GetEnvironmentVariable("UPDATE_VIEW_SCREENSHOTS") == "1")
        {
            var docs = Path.GetFullPath(Path.Combine(AppsHostChromium.HostFolder!, "..", "..", "docs", "views"));
            Directory.CreateDirectory(docs);
            File.Copy(path, Path.Combine(docs, name + ".png"), overwrite: true);
            _output.WriteLine("updated: " + Path.Combine(docs, name + ".png"));
        }
    }

    /// <summary>What the host page and the view wrote to the console (shown when a render fails).</summary>
    public void DumpConsole()
    {
        foreach (var line in _console)
        {
            _output.WriteLine(line);
        }
    }

    private async Task<string> ForwardAsync(string paramsJson)
    {
        var call = JsonNode.Parse(paramsJson)!.AsObject();
        lock (ViewCalls)
        {
            ViewCalls.Add(call);
        }

        var arguments = JsonSerializer.Deserialize<Dictionary<string, object?>>(call["arguments"]?.ToJsonString() ?? "{}")!;
        var result = await Client.CallToolAsync(call["name"]!.GetValue<string>(), arguments);
        return JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
    }

    public async ValueTask DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }

        if (Client is not null)
        {
            await Client.DisposeAsync();
        }

        await Host.DisposeAsync();
    }
}
