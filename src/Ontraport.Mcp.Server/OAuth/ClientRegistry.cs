using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Ontraport.Mcp.Server.OAuth;

/// <summary>What a client asks to be registered as (RFC 7591 §2), already parsed and checked.</summary>
public sealed record ClientMetadata(string? ClientName, IReadOnlyList<string> RedirectUris, string TokenEndpointAuthMethod);

/// <summary>A registration's answer, or the RFC 7591 §3.2.2 error to send.</summary>
public sealed record ClientRegistrationResult(ClientMetadata? Metadata, string? ClientId, string? ClientSecret, string? Error, string? ErrorDescription);

/// <summary>
/// The clients that may sign in: registered dynamically (RFC 7591, <c>/oauth/register</c>) or described by a client ID
/// metadata document (a <c>client_id</c> that is an https URL whose JSON we fetch, check and cache). Both end as an
/// OpenIddict application, public (PKCE, no secret) unless a registration asks for a secret.
/// </summary>
public sealed class ClientRegistry(
    IOpenIddictApplicationManager applications,
    IHttpClientFactory httpClients,
    IMemoryCache cache,
    TimeProvider time,
    ILogger<ClientRegistry> logger)
{
    public const string MetadataHttpClient = "ontraport-oauth-client-metadata";
    private static readonly TimeSpan DefaultDocumentLifetime = TimeSpan.FromHours(1);

    // One fetch per document at a time, from a fixed set of gates: client ids come from strangers, so nothing may grow per id.
    private static readonly SemaphoreSlim[] Fetching = [.. Enumerable.Range(0, 32).Select(_ => new SemaphoreSlim(1, 1))];

    /// <summary>Parses and checks a registration or metadata document; the error is RFC 7591's code and a description.</summary>
    public static (ClientMetadata? Metadata, string? Error, string? Description) Parse(JsonElement root, bool isMetadataDocument)
    {
        try
        {
            return ParseChecked(root, isMetadataDocument);
        }
        catch (InvalidOperationException)
        {
            // GetString on an escaped lone surrogate ("\ud800"): text no consent page could show.
            return (null, "invalid_client_metadata", "A string in the JSON is not valid Unicode (a lone surrogate such as \\ud800).");
        }
    }

    /// <summary>
    /// The body as UTF-8 JSON text (RFC 8259 §8.1), or null when its bytes are not UTF-8: System.Text.Json checks the
    /// bytes of a string only when it is read, as an exception, so they are checked here first.
    /// </summary>
    public static bool IsUtf8(ReadOnlySpan<byte> body) => System.Text.Unicode.Utf8.IsValid(body);

    private static (ClientMetadata? Metadata, string? Error, string? Description) ParseChecked(JsonElement root, bool isMetadataDocument)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Fail("invalid_client_metadata", "The body must be a JSON object (RFC 7591 §2).");
        }

        if (!root.TryGetProperty("redirect_uris", out var uris) || uris.ValueKind != JsonValueKind.Array || uris.GetArrayLength() == 0)
        {
            return Fail("invalid_redirect_uri", "redirect_uris is required: a JSON array of one or more redirect URIs.");
        }

        if (uris.GetArrayLength() > OAuthInput.MaxRedirectUris)
        {
            return Fail("invalid_redirect_uri", $"redirect_uris may list at most {OAuthInput.MaxRedirectUris} URIs.");
        }

        var redirectUris = new List<string>();
        foreach (var uri in uris.EnumerateArray())
        {
            if (uri.ValueKind != JsonValueKind.String)
            {
                return Fail("invalid_redirect_uri", "redirect_uris must contain strings only.");
            }

            var text = uri.GetString()!;
            if (OAuthInput.CheckRedirectUri(text) is { } problem)
            {
                return Fail("invalid_redirect_uri", problem);
            }

            redirectUris.Add(text);
        }

        string? name = null;
        if (root.TryGetProperty("client_name", out var nameElement))
        {
            if (nameElement.ValueKind != JsonValueKind.String)
            {
                return Fail("invalid_client_metadata", "client_name must be a string.");
            }

            name = nameElement.GetString()!.Trim();
            if (OAuthInput.CheckClientName(name) is { } problem)
            {
                return Fail("invalid_client_metadata", problem);
            }
        }

        var method = isMetadataDocument ? ClientAuthenticationMethods.None : ClientAuthenticationMethods.ClientSecretBasic;
        if (root.TryGetProperty("token_endpoint_auth_method", out var methodElement))
        {
            method = methodElement.ValueKind == JsonValueKind.String ? methodElement.GetString()! : string.Empty;
            string[] supported = isMetadataDocument
                ? [ClientAuthenticationMethods.None]
                : [ClientAuthenticationMethods.None, ClientAuthenticationMethods.ClientSecretBasic, ClientAuthenticationMethods.ClientSecretPost];
            if (!supported.Contains(method, StringComparer.Ordinal))
            {
                return Fail("invalid_client_metadata", $"token_endpoint_auth_method must be one of {string.Join(", ", supported)}.");
            }
        }

        if (isMetadataDocument && (root.TryGetProperty("client_secret", out _) || root.TryGetProperty("client_secret_expires_at", out _)))
        {
            return Fail("invalid_client_metadata", "A client ID metadata document must not contain client_secret.");
        }

        if (StringArray(root, "grant_types") is { } grants && grants.Any(g => g is not (GrantTypes.AuthorizationCode or GrantTypes.RefreshToken)))
        {
            return Fail("invalid_client_metadata", "grant_types may only contain authorization_code and refresh_token.");
        }

        if (StringArray(root, "response_types") is { } responses && responses.Any(r => r != ResponseTypes.Code))
        {
            return Fail("invalid_client_metadata", "response_types may only contain code.");
        }

        if (root.TryGetProperty("scope", out var scope) && scope.ValueKind != JsonValueKind.String)
        {
            return Fail("invalid_client_metadata", "scope must be a string.");
        }

        return (new ClientMetadata(name, redirectUris, method), null, null);

        static (ClientMetadata?, string?, string?) Fail(string error, string description) => (null, error, description);
    }

    public async Task<ClientRegistrationResult> RegisterAsync(ClientMetadata metadata, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var clientId = "dcr_" + Base64Url(RandomNumberGenerator.GetBytes(18));
        var secret = metadata.TokenEndpointAuthMethod == ClientAuthenticationMethods.None ? null : Base64Url(RandomNumberGenerator.GetBytes(32));
        var descriptor = Descriptor(clientId, metadata.ClientName ?? "Unnamed client", metadata.RedirectUris, secret);
        await applications.CreateAsync(descriptor, cancellationToken);
        LogRegistered(logger, clientId, metadata.ClientName ?? "Unnamed client");
        return new ClientRegistrationResult(metadata, clientId, secret, null, null);
    }

    /// <summary>
    /// Makes sure the client behind a metadata-document <c>client_id</c> is known and fresh: fetches the document when it
    /// is not cached, checks it and stores it as an application. Returns a message for the user when it cannot be used.
    /// </summary>
    public async Task<string?> EnsureMetadataDocumentClientAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var clientId = url.OriginalString;
        var cacheKey = "oauth-cimd:" + clientId;
        if (cache.TryGetValue(cacheKey, out _))
        {
            return null;
        }

        var gate = Fetching[(int)((uint)StringComparer.Ordinal.GetHashCode(clientId) % (uint)Fetching.Length)];
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGetValue(cacheKey, out _))
            {
                return null;
            }

            var (metadata, lifetime, problem) = await FetchAsync(url, cancellationToken);
            if (metadata is null)
            {
                return problem;
            }

            var name = metadata.ClientName ?? url.Host;
            var descriptor = Descriptor(clientId, name, metadata.RedirectUris, secret: null);
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                await applications.UpdateAsync(existing, descriptor, cancellationToken);
            }
            else
            {
                await applications.CreateAsync(descriptor, cancellationToken);
            }

            cache.Set(cacheKey, true, time.GetUtcNow() + lifetime);
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(ClientMetadata? Metadata, TimeSpan Lifetime, string? Problem)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        var cannot = $"The client's metadata document at {OAuthInput.Shorten(url.OriginalString)}";
        try
        {
            var http = httpClients.CreateClient(MetadataHttpClient);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (null, default, $"{cannot} answered {(int)response.StatusCode}; the client must publish it there.");
            }

            if (response.Content.Headers.ContentLength > OAuthInput.MaxMetadataDocumentBytes)
            {
                return (null, default, $"{cannot} is larger than {OAuthInput.MaxMetadataDocumentBytes} bytes.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[OAuthInput.MaxMetadataDocumentBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            if (length > OAuthInput.MaxMetadataDocumentBytes)
            {
                return (null, default, $"{cannot} is larger than {OAuthInput.MaxMetadataDocumentBytes} bytes.");
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            var (metadata, _, description) = Parse(document.RootElement, isMetadataDocument: true);
            if (metadata is null)
            {
                return (null, default, $"{cannot} is not usable: {description}");
            }

            if (!document.RootElement.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String || !id.ValueEquals(url.OriginalString))
            {
                return (null, default, $"{cannot} must contain \"client_id\": \"{OAuthInput.Shorten(url.OriginalString)}\", its own address.");
            }

            var maxAge = response.Headers.CacheControl?.MaxAge;
            var lifetime = maxAge is { } age ? TimeSpan.FromSeconds(Math.Clamp(age.TotalSeconds, 60, 24 * 3600)) : DefaultDocumentLifetime;
            return (metadata, lifetime, null);
        }
        catch (JsonException)
        {
            return (null, default, $"{cannot} is not valid JSON.");
        }
        catch (HttpRequestException ex)
        {
            LogFetchFailed(logger, url.Host, ex.Message);
            return (null, default, $"{cannot} could not be fetched; try again later.");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, default, $"{cannot} did not answer in time; try again later.");
        }
    }

    private static OpenIddictApplicationDescriptor Descriptor(string clientId, string name, IEnumerable<string> redirectUris, string? secret)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = secret is null ? ClientTypes.Public : ClientTypes.Confidential,
            ApplicationType = ApplicationTypes.Web,
            ConsentType = ConsentTypes.Explicit,
            DisplayName = name,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + OAuthSettings.Scope,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
        }

        return descriptor;
    }

    private static List<string>? StringArray(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Array
            ? [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "\0")]
            : root.TryGetProperty(name, out _) ? ["\0"] : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void LogRegistered(ILogger logger, string clientId, string name) =>
        logger.LogInformation("OAuth client registered: {ClientId} ({ClientName})", clientId, name);

    private static void LogFetchFailed(ILogger logger, string host, string reason) =>
        logger.LogWarning("Client metadata document at {Host} could not be fetched: {Reason}", host, reason);
}
