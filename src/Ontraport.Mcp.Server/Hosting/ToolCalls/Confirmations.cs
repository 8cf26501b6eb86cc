using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// Seals and opens what stands for a person's yes: the <c>requestState</c> of an MRTR question (<see cref="Kind.Question"/>)
/// and the <c>confirmation</c> a dry run hands out (<see cref="Kind.Yes"/>). Both come back from the caller, so both are
/// attacker-controlled input: sealed with Data Protection under a purpose of their own (one sub-purpose per kind, so one
/// is never taken for the other), bound to the principal (the account and a fingerprint of its key), the tool and a
/// SHA-256 of the canonical arguments, with a random nonce and an expiry on the injected clock. The nonce is claimed
/// once, where the duplicate guard claims (<see cref="IDuplicateGuard"/>: in memory, or Redis for several instances).
/// </summary>
public sealed class Confirmations(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private const string Purpose = "Ontraport.Mcp.Server.Confirmation.v1";

    /// <summary>What a sealed value stands for.</summary>
    public enum Kind
    {
        /// <summary>The state of a question put to a person (MRTR <c>requestState</c>).</summary>
        Question,

        /// <summary>A dry run's confirmation: the yes for exactly those arguments.</summary>
        Yes,
    }

    /// <summary>
    /// Who acts and what on: the principal, the OAuth grant it acts through ("" outside oauth mode), the tool and its
    /// canonical arguments (control arguments excluded).
    /// </summary>
    public sealed record Binding(string Principal, string Grant, string Tool, string Arguments);

    /// <summary>
    /// The binding of a call: a fingerprint of the credentials (never the key itself), the grant in oauth mode (two
    /// people's consents to one account are two grants: one's yes is not the other's), the tool, the arguments' hash.
    /// </summary>
    public static Binding Of(Client.OntraportCredentials credentials, string? grantId, string tool, JsonObject arguments) => new(
        Hash($"{credentials.AppId}\n{credentials.ApiKey}"),
        grantId ?? "",
        tool,
        Hash(DuplicateGuard.Canonical(arguments, Ignored)!.ToJsonString()));

    /// <summary>Arguments that do not change what is done: asking, previewing and the yes itself.</summary>
    private static readonly HashSet<string> Ignored = ["dry_run", "confirmation"];

    public string Seal(Kind kind, Binding binding)
    {
        var payload = new JsonObject
        {
            ["p"] = binding.Principal,
            ["g"] = binding.Grant,
            ["t"] = binding.Tool,
            ["a"] = binding.Arguments,
            ["n"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["e"] = (time.GetUtcNow() + Lifetime).ToUnixTimeMilliseconds(),
        };
        return Protector(kind).Protect(payload.ToJsonString());
    }

    /// <summary>The nonce of a sealed value that is intact, this principal's, for this tool and arguments, and not expired; else why not.</summary>
    public Opened Open(Kind kind, string? sealedValue, Binding binding)
    {
        JsonObject? payload = null;
        try
        {
            payload = JsonNode.Parse(Protector(kind).Unprotect(sealedValue ?? ""))?.AsObject();
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or InvalidOperationException)
        {
            // Tampered with, cut short, of the other kind, or sealed with a key this server does not have.
        }

        if (payload?["n"]?.GetValue<string>() is not { Length: > 0 } nonce || payload["e"]?.GetValue<long>() is not { } expires)
        {
            return Opened.Refused(Refusal.Tampered);
        }

        if (payload["p"]?.GetValue<string>() != binding.Principal)
        {
            return Opened.Refused(Refusal.Foreign);
        }

        if ((payload["g"]?.GetValue<string>() ?? "") != binding.Grant)
        {
            return Opened.Refused(Refusal.OtherGrant);
        }

        if (payload["t"]?.GetValue<string>() != binding.Tool || payload["a"]?.GetValue<string>() != binding.Arguments)
        {
            return Opened.Refused(Refusal.Retargeted);
        }

        if (time.GetUtcNow().ToUnixTimeMilliseconds() >= expires)
        {
            return Opened.Refused(Refusal.Expired);
        }

        return new Opened(nonce, null);
    }

    /// <summary>The key under which a nonce is claimed in the duplicate guard (apart from the calls' own keys).</summary>
    public static string NonceKey(string nonce) => "confirmation:" + nonce;

    private IDataProtector Protector(Kind kind) => protection.CreateProtector(Purpose, kind.ToString());

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Why a sealed value was not accepted.</summary>
    public enum Refusal
    {
        Tampered,
        Foreign,
        Retargeted,
        Expired,
        Replayed,
        OtherGrant,
    }

    /// <summary>An opened value's nonce, or why it was refused.</summary>
    public sealed record Opened(string? Nonce, Refusal? Why)
    {
        public static Opened Refused(Refusal why) => new(null, why);
    }
}
