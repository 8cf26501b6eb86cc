using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ontraport.Mcp.Server.Hosting;
using Ontraport.Mcp.Server.Hosting.Authentication;
using Ontraport.Mcp.Server.OAuth;

namespace Ontraport.Mcp.Bench;

/// <summary>
/// What a signed-in call (an OAuth access token: OpenIddict's validation of the token, then the grant lookup) costs over
/// an endpoint-token call (<c>ONTRAPORT_MCP_ACCESS_TOKENS</c>), side by side in one run, the two sides interleaved call by
/// call so a busy machine slows both alike. Two views: the authentication step alone in-process (each mode's real
/// services, a fresh request scope and HttpContext per call, as a request has), and whole get_objects calls over HTTP to
/// two server processes.
/// </summary>
public static partial class OAuthCost
{
    private const string EndpointToken = "bench-endpoint-token-0123456789abcdef";

    public static async Task<JsonObject> MeasureAsync(int authIterations, int httpIterations)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-bench-oauth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = new JsonObject { ["authentication"] = await AuthenticationStepAsync(Path.Combine(directory, "in-process"), authIterations) };
            if (httpIterations > 0) // 0: the in-process view only (--in-process)
            {
                result["http_get_objects"] = await HttpCallsAsync(Path.Combine(directory, "http"), httpIterations);
            }

            result["target_added_ms"] = 0.1;
            return result;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Old vs new (<c>oauth --baseline &lt;dll&gt;</c>): for each build, get_objects (limit 1) over HTTP to an oauth-mode
    /// process and to an endpoint-token process of that same build, every side interleaved call by call from one client in
    /// one run, with the SQL commands each oauth process ran per measured call (counted inside it by
    /// <see cref="SqlCommandCounter"/>, loaded as a startup hook: the same EF Core event the in-process count uses).
    /// </summary>
    public static async Task<JsonObject> CompareBuildsAsync(IReadOnlyList<(string Name, string Dll)> builds, int iterations)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ontraport-bench-oauth-" + Guid.NewGuid().ToString("N"));
        var servers = new List<ServerProcess>();
        var clients = new List<HttpClient>();
        try
        {
            var sides = new List<Func<Task>>();
            var counters = new List<string>();
            foreach (var (name, dll) in builds)
            {
                var folder = Path.Combine(directory, servers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                var endpoint = await ServerProcess.StartOursAsync(new Dictionary<string, string> { ["ONTRAPORT_MCP_MODE"] = "sandbox", ["ONTRAPORT_MCP_ACCESS_TOKENS"] = EndpointToken }, dll);
                servers.Add(endpoint);
                var port = FreePort();
                var counter = Path.Combine(folder, "sql.sock");
                var environment = OAuthEnvironment(folder, port);
                environment["DOTNET_STARTUP_HOOKS"] = typeof(OAuthCost).Assembly.Location;
                environment[SqlCommandCounter.SocketVariable] = counter;
                var oauth = await ServerProcess.StartOursAsync(environment, dll, port: port);
                servers.Add(oauth);
                counters.Add(counter);
                var access = await SignInAsync(oauth.BaseAddress, $"http://localhost:{port}/");
                sides.Add(await GetObjectsAsync(endpoint, EndpointToken, clients));
                sides.Add(await GetObjectsAsync(oauth, access, clients));
            }

            await InterleaveAsync([.. sides], Math.Max(2000, iterations));
            var before = await Task.WhenAll(counters.Select(SqlCommandCounter.ReadAsync));
            var samples = await InterleaveAsync([.. sides], iterations);
            var after = await Task.WhenAll(counters.Select(SqlCommandCounter.ReadAsync));
            var rows = new JsonArray();
            for (var b = 0; b < builds.Count; b++)
            {
                var row = Compare(iterations, samples[2 * b], samples[(2 * b) + 1]);
                row["oauth_sql_commands_per_call"] = Measurements.Round((double)(after[b] - before[b]) / iterations);
                rows.Add(new JsonObject { ["build"] = builds[b].Name, ["dll"] = builds[b].Dll }.Merge(row));
            }

            return new JsonObject { ["builds"] = rows, ["target_added_p50_ms"] = 0.1 };
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static JsonObject Merge(this JsonObject target, JsonObject source)
    {
        foreach (var (key, value) in source.ToList())
        {
            source.Remove(key);
            target[key] = value;
        }

        return target;
    }

    /// <summary>One get_objects (limit 1) call with <paramref name="token"/>, checked to have returned the page.</summary>
    private static async Task<Func<Task>> GetObjectsAsync(ServerProcess server, string token, List<HttpClient> clients)
    {
        var http = Load.Http(1);
        clients.Add(http);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
        await mcp.InitializeAsync(CancellationToken.None);
        return async () =>
        {
            var answer = await mcp.CallToolAsync("get_objects", new JsonObject { ["object_type"] = "contacts", ["limit"] = 1 }, CancellationToken.None);
            if (!McpHttp.ToolText(answer).Contains("\"returned\":1", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("get_objects did not return the page: " + McpHttp.ToolText(answer));
            }
        };
    }

    /// <summary>The authentication each mode runs per request, in-process; the OAuth side also resolves the grant.</summary>
    private static async Task<JsonObject> AuthenticationStepAsync(string directory, int iterations)
    {
        await using var endpoint = await StartAppAsync(new() { ["ONTRAPORT_MCP_MODE"] = "sandbox", ["ONTRAPORT_MCP_ACCESS_TOKENS"] = EndpointToken }, port: null);
        var port = FreePort();
        await using var oauth = await StartAppAsync(OAuthEnvironment(directory, port), port);
        var access = await SignInAsync(new Uri($"http://127.0.0.1:{port}/"), $"http://localhost:{port}/");

        var endpointSide = Authenticator(endpoint.Services, EndpointToken, SandboxAuthenticationHandler.SchemeName);
        var oauthSide = Authenticator(oauth.Services, access, OAuthAuthenticationHandler.SchemeName); // the token, then its grant, once
        await InterleaveAsync([endpointSide, oauthSide], iterations / 5);
        using var commands = new DatabaseCommands();
        var samples = await InterleaveAsync([endpointSide, oauthSide], iterations);
        var result = Compare(iterations, samples[0], samples[1]);
        result["oauth_database_commands_per_call"] = Measurements.Round((double)commands.Count / iterations);
        result["grant_cache_s"] = oauth.Services.GetRequiredService<OAuthSettings>().GrantCacheLifetime.TotalSeconds;

        // Where the OAuth side's time and memory go: each part alone, in turn, mean µs and bytes allocated per call (the
        // bytes do not depend on how busy the machine is). "request scope" is what both sides pay before authenticating.
        var tokens = oauth.Services.GetRequiredService<ValidatedTokens>();
        var grants = oauth.Services.GetRequiredService<OAuthGrantResolver>();
        var grantId = OAuthGrantResolver.GrantIdOf(tokens.Find(access)) ?? throw new InvalidOperationException("the token was not kept");
        var scopes = oauth.Services.GetRequiredService<IServiceScopeFactory>();
        result["parts"] = new JsonObject
        {
            ["endpoint_token_step"] = Part(endpointSide, iterations),
            ["oauth_step"] = Part(oauthSide, iterations),
            ["request_scope_and_context"] = Part(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                _ = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
            }, iterations),
            ["request_handler_schemes"] = Part(RequestHandlers(oauth.Services), iterations),
            ["oauth_schemes_without_middleware"] = Part(async () =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
                http.Request.Method = "POST";
                http.Request.Path = "/mcp";
                http.Request.Headers.Authorization = "Bearer " + access;
                if (!(await http.AuthenticateAsync(OAuthAuthenticationHandler.SchemeName)).Succeeded)
                {
                    throw new InvalidOperationException("refused");
                }
            }, iterations),
            ["validated_token_find"] = Part(() => tokens.Find(access) is null ? throw new InvalidOperationException("miss") : Task.CompletedTask, iterations),
            ["grant_lookup"] = Part(async () => _ = await grants.GetActiveAsync(grantId, CancellationToken.None) ?? throw new InvalidOperationException("no grant"), iterations),
            ["token_sha256_hex"] = Part(() =>
            {
                _ = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(access)));
                return Task.CompletedTask;
            }, iterations),
            ["token_chars"] = access.Length,
        };
        return result;
    }

    /// <summary>An in-memory <c>POST /mcp</c> as the authentication middleware sees it, in the given request scope.</summary>
    private static DefaultHttpContext McpPost(IServiceProvider requestServices)
    {
        var http = new DefaultHttpContext { RequestServices = requestServices };
        http.Request.Method = "POST";
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = "/mcp";
        return http;
    }

    /// <summary>
    /// What the authentication middleware does before any scheme authenticates: every scheme that may answer a request
    /// itself (<see cref="IAuthenticationRequestHandler"/>: OpenIddict's server and validation in oauth mode) is asked.
    /// </summary>
    private static Func<Task> RequestHandlers(IServiceProvider services)
    {
        var schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        return async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var http = McpPost(scope.ServiceProvider);
            var handlers = scope.ServiceProvider.GetRequiredService<IAuthenticationHandlerProvider>();
            foreach (var scheme in await schemes.GetRequestHandlerSchemesAsync())
            {
                if (await handlers.GetHandlerAsync(http, scheme.Name) is IAuthenticationRequestHandler handler && await handler.HandleRequestAsync())
                {
                    throw new InvalidOperationException(scheme.Name + " answered /mcp itself");
                }
            }
        };
    }

    /// <summary>Mean µs and bytes allocated (whole process, precise) per call of <paramref name="call"/>, run alone after a warm-up.</summary>
    private static JsonObject Part(Func<Task> call, int iterations)
    {
        for (var i = 0; i < iterations / 5; i++)
        {
            call().GetAwaiter().GetResult();
        }

        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < iterations; i++)
        {
            call().GetAwaiter().GetResult();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new JsonObject
        {
            ["mean_us"] = Math.Round(elapsed.TotalMicroseconds / iterations, 2),
            ["allocated_bytes"] = (GC.GetTotalAllocatedBytes(precise: true) - bytes) / iterations,
        };
    }

    /// <summary>
    /// get_objects (limit 1) over HTTP to an oauth-mode server and to a sandbox-mode server with an endpoint token, and
    /// to a second endpoint-token server as the control: the control's difference from the first is what two processes
    /// differ by on this machine without any OAuth at all.
    /// </summary>
    private static async Task<JsonObject> HttpCallsAsync(string directory, int iterations)
    {
        var endpointEnvironment = new Dictionary<string, string> { ["ONTRAPORT_MCP_MODE"] = "sandbox", ["ONTRAPORT_MCP_ACCESS_TOKENS"] = EndpointToken };
        await using var endpoint = await ServerProcess.StartOursAsync(endpointEnvironment);
        await using var control = await ServerProcess.StartOursAsync(endpointEnvironment);
        var port = FreePort();
        await using var oauth = await ServerProcess.StartOursAsync(OAuthEnvironment(directory, port), port: port);
        var access = await SignInAsync(oauth.BaseAddress, $"http://localhost:{port}/");

        async Task<(HttpClient Http, Func<Task> Call)> ClientAsync(ServerProcess server, string token)
        {
            var http = Load.Http(1);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var mcp = new McpHttp(http, new Uri(server.BaseAddress, "mcp"));
            await mcp.InitializeAsync(CancellationToken.None);
            return (http, async () =>
            {
                var answer = await mcp.CallToolAsync("get_objects", new JsonObject { ["object_type"] = "contacts", ["limit"] = 1 }, CancellationToken.None);
                if (!McpHttp.ToolText(answer).Contains("\"returned\":1", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException("get_objects did not return the page: " + McpHttp.ToolText(answer));
                }
            });
        }

        var sides = new[] { await ClientAsync(endpoint, EndpointToken), await ClientAsync(oauth, access), await ClientAsync(control, EndpointToken) };
        try
        {
            // Warm all three to steady-state JIT code (tiering settles after a few thousand calls), then measure.
            await InterleaveAsync([.. sides.Select(s => s.Call)], Math.Max(2000, iterations));
            var samples = await InterleaveAsync([.. sides.Select(s => s.Call)], iterations);
            var result = Compare(iterations, samples[0], samples[1]);
            var (e, c) = (new Samples(samples[0]), new Samples(samples[2]));
            result["control_endpoint_token_p50_ms"] = Round4(c.P50);
            result["control_endpoint_token_p99_ms"] = Round4(c.P99);
            result["control_difference_p50_ms"] = Round4(c.P50 - e.P50);
            result["control_difference_p99_ms"] = Round4(c.P99 - e.P99);
            return result;
        }
        finally
        {
            foreach (var side in sides)
            {
                side.Http.Dispose();
            }
        }
    }

    private static JsonObject Compare(int iterations, List<double> endpoint, List<double> oauth)
    {
        var (e, o) = (new Samples(endpoint), new Samples(oauth));
        return new JsonObject
        {
            ["iterations"] = iterations,
            ["endpoint_token_p50_ms"] = Round4(e.P50),
            ["endpoint_token_p99_ms"] = Round4(e.P99),
            ["oauth_p50_ms"] = Round4(o.P50),
            ["oauth_p99_ms"] = Round4(o.P99),
            ["added_p50_ms"] = Round4(o.P50 - e.P50),
            ["added_p99_ms"] = Round4(o.P99 - e.P99),
        };
    }

    private static double Round4(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    /// <summary>Runs the sides in turn, call by call, rotating which goes first so none always follows the same one.</summary>
    private static async Task<List<double>[]> InterleaveAsync(Func<Task>[] sides, int iterations)
    {
        var samples = sides.Select(_ => new List<double>(iterations)).ToArray();
        for (var i = 0; i < iterations; i++)
        {
            for (var k = 0; k < sides.Length; k++)
            {
                var side = (i + k) % sides.Length;
                var started = Stopwatch.GetTimestamp();
                await sides[side]();
                samples[side].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        return samples;
    }

    /// <summary>
    /// One request's authentication as the host runs it: the authentication middleware (the mode's default scheme) and the
    /// endpoint policy's scheme, which in oauth mode also takes the token's grant (read once) into the call.
    /// </summary>
    private static Func<Task> Authenticator(IServiceProvider services, string token, string scheme)
    {
        var schemes = services.GetRequiredService<IAuthenticationSchemeProvider>();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var pipeline = new AuthenticationMiddleware(async http =>
        {
            var result = await http.AuthenticateAsync(scheme);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"{scheme} refused the token: {result.Failure?.Message}");
            }
        }, schemes);
        return async () =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var http = McpPost(scope.ServiceProvider);
            http.Request.Headers.Authorization = "Bearer " + token;
            await pipeline.Invoke(http);
        };
    }

    private static Dictionary<string, string> OAuthEnvironment(string directory, int port) => new()
    {
        ["ONTRAPORT_MCP_MODE"] = "oauth",
        ["ONTRAPORT_MCP_PUBLIC_URL"] = $"http://localhost:{port}",
        ["ONTRAPORT_MCP_DATABASE"] = Path.Combine(directory, "oauth.db"),
        ["ONTRAPORT_MCP_DATA_PROTECTION_KEYS"] = Path.Combine(directory, "keys"),
        ["ONTRAPORT_BASE_URL"] = "embedded",
    };

    /// <summary>The real host in this process (its own services and store), on Kestrel when it must serve the sign-in.</summary>
    private static async Task<WebApplication> StartAppAsync(Dictionary<string, string> settings, int? port)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))
            .Append(KeyValuePair.Create("ONTRAPORT_RATE_LIMIT_PER_MINUTE", (string?)"100000")));
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port ?? 0));
        builder.AddOntraportMcpServer();
        var app = builder.Build();
        app.MapOntraportMcpServer();
        await app.StartAsync();
        return app;
    }

    /// <summary>Registration, the consent page as a browser fills it in, and the code for an access token.</summary>
    private static async Task<string> SignInAsync(Uri server, string issuer)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = server };
        const string redirect = "http://127.0.0.1:9/callback";
        using var registered = await http.PostAsync("oauth/register", new StringContent(JsonSerializer.Serialize(new
        {
            client_name = "bench",
            redirect_uris = new[] { redirect },
            token_endpoint_auth_method = "none",
        }), Encoding.UTF8, "application/json"));
        var clientId = (await registered.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("client_id").GetString()!;
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var resource = issuer + "mcp";
        using var page = await http.GetAsync($"oauth/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirect)}"
            + $"&scope=ontraport&state=s&code_challenge={challenge}&code_challenge_method=S256&resource={Uri.EscapeDataString(resource)}");
        var html = await page.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        var fields = HiddenField().Matches(html).Select(m => KeyValuePair.Create(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        fields.AddRange([new("app_id", "2_bench"), new("api_key", "bench-key-0123456789"), new("access", "read_only"), new("toolsets", "crud"), new("decision", "allow")]);
        using var consent = new HttpRequestMessage(HttpMethod.Post, "oauth/authorize") { Content = new FormUrlEncodedContent(fields) };
        consent.Headers.Add("Cookie", string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        using var answer = await http.SendAsync(consent);
        if (answer.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"consent answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
        }

        var code = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(answer.Headers.Location!.Query)["code"].ToString();
        using var token = await http.PostAsync("oauth/token", new FormUrlEncodedContent([
            new("grant_type", "authorization_code"), new("client_id", clientId), new("redirect_uri", redirect),
            new("code", code), new("code_verifier", verifier), new("resource", resource)]));
        return (await token.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Counts the SQL commands EF Core runs in this process (a store round trip per call would show here).</summary>
    internal sealed class DatabaseCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _subscription;
        private readonly List<IDisposable> _listeners = [];
        private int _count;

        public DatabaseCommands() => _subscription = DiagnosticListener.AllListeners.Subscribe(this);

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "Microsoft.EntityFrameworkCore")
            {
                lock (_listeners)
                {
                    _listeners.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == "Microsoft.EntityFrameworkCore.Database.Command.CommandExecuted")
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _subscription.Dispose();
            lock (_listeners)
            {
                _listeners.ForEach(l => l.Dispose());
            }
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")]
    private static partial Regex HiddenField();
}
