using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
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
/// <summary>Why a metadata-document client cannot sign in: the HTTP status and the sentence for the person.</summary>
public sealed record MetadataDocumentRefusal(int Status, string Message);

public sealed class ClientRegistry(
    IOpenIddictApplicationManager applications,
    IHttpClientFactory httpClients,
    OAuthDbContext db,
    ClientDocumentState state,
    TimeProvider time,
    ILogger<ClientRegistry> logger)
{
    public const string MetadataHttpClient = "ontraport-oauth-client-metadata";

    /// <summary>The whole fetch of a metadata document, connection, headers and body, on the injected clock.</summary>
    public static readonly TimeSpan FetchDeadline = TimeSpan.FromSeconds(5);

    /// <summary>How long a document that could not be used is not fetched again.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromMinutes(5);

    /// <summary>Documents one client address may make this server fetch a minute (cached ones cost nothing).</summary>
    public const int FetchesPerMinute = 10;

    /// <summary>
    /// A registered client (RFC 7591) that never got a token is removed this long after it registered: anyone may
    /// register, so what nobody uses must not stay. Long enough for a person who registered a connector and signs in later.
    /// </summary>
    public static readonly TimeSpan UnusedApplicationLifetime = TimeSpan.FromDays(7);

    /// <summary>A metadata-document client that never got a token is removed sooner: it is fetched again when it returns.</summary>
    public static readonly TimeSpan UnusedDocumentClientLifetime = TimeSpan.FromDays(1);

    /// <summary>Applications one sweep looks at (one sweep follows each application stored).</summary>
    public const int SweepBatch = 500;

    private const string CreatedAtProperty = "ontraport_created_at";
    private static readonly TimeSpan DefaultDocumentLifetime = TimeSpan.FromHours(1);


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
        var descriptor = Descriptor(clientId, metadata.ClientName ?? "Unnamed client", metadata.RedirectUris, secret, time.GetUtcNow());
        await applications.CreateAsync(descriptor, cancellationToken);
        LogRegistered(logger, clientId, metadata.ClientName ?? "Unnamed client");
        await SweepUnusedAsync(cancellationToken);
        return new ClientRegistrationResult(metadata, clientId, secret, null, null);
    }

    /// <summary>
    /// Makes sure the client behind a metadata-document <c>client_id</c> is known and fresh: fetches the document when it
    /// is not remembered, checks it and stores it as an application. A document that fails is stored nowhere, remembered
    /// as failed for <see cref="FailureLifetime"/>, answered with a sentence that says nothing of why (a fetch from this
    /// server must not become a probe of other hosts) and logged with its reason, at most once a minute per host.
    /// <paramref name="client"/> is the asking client's partition (<see cref="ClientAddress"/>), limited to
    /// <see cref="FetchesPerMinute"/> fetches.
    /// </summary>
    public async Task<MetadataDocumentRefusal?> EnsureMetadataDocumentClientAsync(Uri url, string client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var clientId = url.OriginalString;
        if (await KnownAsync(clientId, cancellationToken) is { } known)
        {
            return known ? null : Unusable(url);
        }

        if (!state.TryFetchFor(client))
        {
            return new MetadataDocumentRefusal(StatusCodes.Status429TooManyRequests,
                $"This address made this server fetch {FetchesPerMinute} client metadata documents in the last minute, the most it allows. Wait a minute and start again from your AI client.");
        }

        var gate = state.GateOf(clientId);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (await KnownAsync(clientId, cancellationToken) is { } settled)
            {
                return settled ? null : Unusable(url);
            }

            var (metadata, lifetime, reason) = await FetchAsync(url, cancellationToken);
            if (metadata is null)
            {
                state.Remember(clientId, usable: false, FailureLifetime);
                if (state.FailureLog.ShouldLog(url.IdnHost, out var held))
                {
                    LogDocumentRefused(logger, OAuthInput.Shorten(clientId), reason!, held, url.IdnHost);
                }

                return Unusable(url);
            }

            var name = metadata.ClientName ?? url.Host;
            var now = time.GetUtcNow();
            if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } existing)
            {
                var created = CreatedAtOf(await applications.GetPropertiesAsync(existing, cancellationToken)) ?? now;
                await applications.UpdateAsync(existing, Descriptor(clientId, name, metadata.RedirectUris, secret: null, created), cancellationToken);
                state.Remember(clientId, usable: true, lifetime);
            }
            else
            {
                await applications.CreateAsync(Descriptor(clientId, name, metadata.RedirectUris, secret: null, now), cancellationToken);
                state.Remember(clientId, usable: true, lifetime);
                await SweepUnusedAsync(cancellationToken);
            }

            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Removes applications that never got a token (no token and no authorization, so no grant either) and were stored
    /// longer ago than <see cref="UnusedApplicationLifetime"/> (<see cref="UnusedDocumentClientLifetime"/> for document
    /// clients). Runs after each application stored, <see cref="SweepBatch"/> at a time from where the last sweep stopped,
    /// so the store holds at most what was stored within that time, however many strangers register. An application from
    /// before this rule (no creation time) gets one now and its time starts then.
    /// </summary>
    private async Task SweepUnusedAsync(CancellationToken cancellationToken)
    {
        var cursor = state.SweepCursor;
        var unused = await db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreApplication>()
            .Where(a => string.Compare(a.Id, cursor) > 0 && !a.Tokens.Any() && !a.Authorizations.Any())
            .OrderBy(a => a.Id)
            .Take(SweepBatch)
            .ToListAsync(cancellationToken);
        state.SweepCursor = unused.Count < SweepBatch ? string.Empty : unused[^1].Id!;

        var now = time.GetUtcNow();
        var removed = 0;
        foreach (var application in unused)
        {
            var properties = await applications.GetPropertiesAsync(application, cancellationToken);
            if (CreatedAtOf(properties) is not { } created)
            {
                var descriptor = new OpenIddictApplicationDescriptor();
                await applications.PopulateAsync(descriptor, application, cancellationToken);
                descriptor.Properties[CreatedAtProperty] = JsonSerializer.SerializeToElement(now);
                await applications.UpdateAsync(application, descriptor, cancellationToken);
                continue;
            }

            var isDocument = application.ClientId?.StartsWith("https://", StringComparison.Ordinal) == true;
            if (now - created < (isDocument ? UnusedDocumentClientLifetime : UnusedApplicationLifetime))
            {
                continue;
            }

            await applications.DeleteAsync(application, cancellationToken);
            if (isDocument)
            {
                state.Forget(application.ClientId!);
            }

            removed++;
        }

        if (removed > 0)
        {
            LogSwept(logger, removed);
        }
    }

    /// <summary>True when the document was fetched and its application is stored, false when it failed lately, else null.</summary>
    private async Task<bool?> KnownAsync(string clientId, CancellationToken cancellationToken) =>
        state.Remembered(clientId) switch
        {
            false => false,
            true when await applications.FindByClientIdAsync(clientId, cancellationToken) is not null => true,
            _ => null, // never fetched, expired, or its application was swept since: fetch it
        };

    private static MetadataDocumentRefusal Unusable(Uri url) => new(StatusCodes.Status400BadRequest,
        $"The client's metadata document at {OAuthInput.Shorten(url.OriginalString)} could not be used, so this sign-in cannot start. " +
        "Try again later; if it keeps failing, the client's developer should check that document (this server's log says why).");

    private static DateTimeOffset? CreatedAtOf(System.Collections.Immutable.ImmutableDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(CreatedAtProperty, out var value) && value.ValueKind == JsonValueKind.String && value.TryGetDateTimeOffset(out var created) ? created : null;

    /// <summary>The document, or why it cannot be used (for the log only: never shown to the caller).</summary>
    private async Task<(ClientMetadata? Metadata, TimeSpan Lifetime, string? Reason)> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        // One deadline for everything, the body included, on the injected clock: HttpClient.Timeout stops at the headers
        // when the body is streamed, and a host that trickles its body held a fetch gate for as long as it liked.
        using var deadline = new CancellationTokenSource(FetchDeadline, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        try
        {
            var http = httpClients.CreateClient(MetadataHttpClient);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            if (!response.IsSuccessStatusCode)
            {
                return (null, default, $"answered {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > OAuthInput.MaxMetadataDocumentBytes)
            {
                return (null, default, $"is larger than {OAuthInput.MaxMetadataDocumentBytes} bytes");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(token);
            var buffer = new byte[OAuthInput.MaxMetadataDocumentBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), token)) > 0)
            {
                length += read;
            }

            if (length > OAuthInput.MaxMetadataDocumentBytes)
            {
                return (null, default, $"is larger than {OAuthInput.MaxMetadataDocumentBytes} bytes");
            }

            if (!IsUtf8(buffer.AsSpan(0, length)))
            {
                return (null, default, "is not valid UTF-8 text");
            }

            using var document = JsonDocument.Parse(buffer.AsMemory(0, length));
            var (metadata, _, description) = Parse(document.RootElement, isMetadataDocument: true);
            if (metadata is null)
            {
                return (null, default, $"is not usable: {description}");
            }

            if (!document.RootElement.TryGetProperty("client_id", out var id) || id.ValueKind != JsonValueKind.String || !id.ValueEquals(url.OriginalString))
            {
                return (null, default, "does not name its own address as its client_id");
            }

            var maxAge = response.Headers.CacheControl?.MaxAge;
            var lifetime = maxAge is { } age ? TimeSpan.FromSeconds(Math.Clamp(age.TotalSeconds, 60, 24 * 3600)) : DefaultDocumentLifetime;
            return (metadata, lifetime, null);
        }
        catch (JsonException)
        {
            return (null, default, "is not valid JSON");
        }
        catch (HttpRequestException ex)
        {
            return (null, default, "could not be fetched: " + ex.Message);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, default, $"was not fetched within {FetchDeadline.TotalSeconds:0} s, body included");
        }
    }

    private static OpenIddictApplicationDescriptor Descriptor(string clientId, string name, IEnumerable<string> redirectUris, string? secret, DateTimeOffset createdAt)
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

        descriptor.Properties[CreatedAtProperty] = JsonSerializer.SerializeToElement(createdAt);
        return descriptor;
    }

    private static List<string>? StringArray(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Array
            ? [.. element.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "\0")]
            : root.TryGetProperty(name, out _) ? ["\0"] : null;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static void LogRegistered(ILogger logger, string clientId, string name) =>
        logger.LogInformation("OAuth client registered: {ClientId} ({ClientName})", clientId, name);

    private static void LogDocumentRefused(ILogger logger, string url, string reason, int held, string host) =>
        logger.LogWarning("Client metadata document {Url} refused: it {Reason} ({Held} more refusals for {Host} in the minute before; logged at most once a minute per host)", url, reason, held, host);

    private static void LogSwept(ILogger logger, int count) =>
        logger.LogInformation("Removed {Count} OAuth clients that never signed anyone in", count);
}
