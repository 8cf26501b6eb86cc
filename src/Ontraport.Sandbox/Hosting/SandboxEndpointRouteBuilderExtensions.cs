using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace Ontraport.Sandbox;

/// <summary>Serves the emulated API from an ASP.NET Core app.</summary>
public static class SandboxEndpointRouteBuilderExtensions
{
    /// <summary>The largest body the sandbox reads; larger requests get 413.</summary>
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Maps every method under <paramref name="prefix"/><c>/{**path}</c> to the <see cref="OntraportSandbox"/> from DI
    /// (register it with <see cref="SandboxServiceCollectionExtensions.AddOntraportSandbox"/>).
    /// </summary>
    public static IEndpointConventionBuilder MapOntraportSandbox(this IEndpointRouteBuilder endpoints, string prefix = "/sandbox/1")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        return endpoints.Map(prefix.TrimEnd('/') + "/{**path}", ServeAsync);
    }

    private static async Task ServeAsync(HttpContext context)
    {
        var sandbox = context.RequestServices.GetRequiredService<OntraportSandbox>();
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.ContentType = SandboxChoices.PlainTextContentType;
            await context.Response.WriteAsync("Payload Too Large", context.RequestAborted);
            return;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        var path = context.Request.RouteValues["path"] as string ?? string.Empty;
        var response = await sandbox.HandleAsync(
            new SandboxRequest(context.Request.Method, path, context.Request.QueryString.Value ?? string.Empty, headers, body, context.Request.ContentType),
            context.RequestAborted);

        if (response.ConnectionReset)
        {
            context.Abort(); // the injected fault: the connection drops with no answer
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = new StringValues(value);
        }

        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }

    /// <summary>The request body, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
