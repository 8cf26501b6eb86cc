using Microsoft.AspNetCore.Http.Features;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>
/// Runs first on the OAuth endpoints, before OpenIddict reads anything: bodies and forms are small and bounded (an
/// oversized one is a clear 400, nothing stored), and a <c>client_id</c> that is a metadata document URL is fetched
/// and registered before OpenIddict looks the client up.
/// </summary>
internal sealed class OAuthRequestLimits(RequestDelegate next)
{
    private static readonly FormOptions SmallForms = new()
    {
        BufferBody = true,
        MemoryBufferThreshold = OAuthInput.MaxFormBytes,
        BufferBodyLengthLimit = OAuthInput.MaxFormBytes,
        ValueCountLimit = 64,
        KeyLengthLimit = 64,
        ValueLengthLimit = 4096,
        MultipartBodyLengthLimit = OAuthInput.MaxFormBytes,
    };

    public async Task InvokeAsync(HttpContext http, ClientRegistry registry)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/oauth", StringComparison.OrdinalIgnoreCase))
        {
            await next(http);
            return;
        }

        if (http.Request.ContentLength > OAuthInput.MaxFormBytes)
        {
            await Refuse(http, $"The request body is larger than {OAuthInput.MaxFormBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = OAuthInput.MaxFormBytes;
        }

        if (http.Request.HasFormContentType)
        {
            http.Features.Set<IFormFeature>(new FormFeature(http.Request, SmallForms));
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                await Refuse(http, $"The request body is larger than {OAuthInput.MaxFormBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
                return;
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or IOException)
            {
                await Refuse(http, "The form is too large or malformed (at most 64 fields of 4096 characters).");
                return;
            }
        }

        if (path.Equals("/oauth/authorize", StringComparison.OrdinalIgnoreCase))
        {
            var clientId = http.Request.HasFormContentType ? http.Request.Form["client_id"].ToString() : http.Request.Query["client_id"].ToString();
            if (OAuthInput.IsMetadataDocumentUrl(clientId, out var url)
                && await registry.EnsureMetadataDocumentClientAsync(url!, ClientAddress.PartitionOf(http), http.RequestAborted) is { } refusal)
            {
                await Refuse(http, refusal.Message, refusal.Status);
                return;
            }
        }

        await next(http);
    }

    /// <summary>Reads a whole body of at most <paramref name="limit"/> bytes; larger throws <see cref="InvalidDataException"/>.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext http, int limit)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException("body too large");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static async Task Refuse(HttpContext http, string message, int status = StatusCodes.Status400BadRequest)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { error = "invalid_request", error_description = message }, http.RequestAborted);
    }
}

/// <summary>
/// Puts <see cref="OAuthRequestLimits"/> at the very start of the pipeline, whatever order the host uses (the limits
/// that need the endpoint, such as <see cref="OAuthRegistrationLimit"/>, run after routing instead).
/// </summary>
internal sealed class OAuthRequestLimitsStartup : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<OAuthStoreOutage>(); // outermost: the store down is a 503 that says so, not a 500
        app.UseMiddleware<OAuthRequestLimits>();
        next(app);
    };
}
