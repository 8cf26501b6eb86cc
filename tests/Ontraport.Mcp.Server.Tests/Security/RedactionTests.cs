using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Ontraport.Mcp.Server.Hosting;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>Issue 20 item 3e: one list of secret field names, the same for the audit's arguments and for JSON-ish text in logs and results.</summary>
public sealed class RedactionTests
{
    public static TheoryData<string> SecretNames() =>
    [
        .. Redaction.SecretWords, .. Redaction.SecretWholeNames,
        "apikey", "API_KEY", "client_secret", "access_token", "refresh_token", "ccnumber", "cardNumber", "CVV", "cvv_code", "cctoken",
        "code_verifier",
    ];

    public static TheoryData<string> OrdinaryNames() => ["title", "email", "zip_code", "coupon_code", "monkey", "keyword", "first_name", "codes"];

    [Fact]
    public void The_compile_time_patterns_spell_out_the_lists_of_secret_names()
    {
        // The patterns are constants for the regex source generator; the lists stay the one place names are read from.
        var words = $"(?:{string.Join('|', Redaction.SecretWords.Select(w => System.Text.RegularExpressions.Regex.Escape(w).Replace("_", "_?", StringComparison.Ordinal)))})";
        var wholeNames = $"(?:{string.Join('|', Redaction.SecretWholeNames.Select(System.Text.RegularExpressions.Regex.Escape))})";
        Assert.Equal(Redaction.WordsPattern, words);
        Assert.Equal(Redaction.WholeNamesPattern, wholeNames);
    }

    [Theory]
    [MemberData(nameof(SecretNames))]
    public void A_field_named_like_a_secret_is_masked_in_audit_arguments_and_in_text_alike(string name)
    {
        Assert.True(Redaction.IsSecretName(name));
        Assert.True(Redaction.MayNameSecret($"{{\"{name}\": 1}}", wholeNames: true), "the pre-check must see every name the mask would mask");

        using var audit = new AuditTrail(new ServerSettings { AuditLogPath = null }, SecretRegistry.From(new ServerSettings()), NullLogger<AuditTrail>.Instance);
        var arguments = audit.Redact(new JsonObject { [name] = "s3cr3t-value", ["nested"] = new JsonObject { [name] = "s3cr3t-value" } });
        Assert.Equal($$$"""{"{{{name}}}":"[redacted]","nested":{"{{{name}}}":"[redacted]"}}""", arguments.ToJsonString());

        Assert.Equal($$"""{"{{name}}": "[redacted]", "title":"CEO"}""", Redaction.MaskNamedSecrets($$"""{"{{name}}": "s3cr3t-value", "title":"CEO"}"""));
    }

    [Fact]
    public void The_pre_check_sees_the_secret_words_spelled_every_way_and_not_their_last_part_alone()
    {
        foreach (var spelling in new[] { "api_key", "APIKEY", "cc_number", "CCNumber", "card_number", "cardnumber", "security_code", "securitycode", "code_verifier", "codeverifier" })
        {
            Assert.True(Redaction.MayNameSecret($"{{\"{spelling}\":\"x\"}}", wholeNames: false), spelling);
        }

        // A contact page names sms_number, zip_code and keyword: no secret word, so its pairs are never read (issue 22).
        const string page = """{"items":[{"id":1,"sms_number":"+12135550151","zip_code":"90001","keyword":"monkey","code":"SAVE10"}]}""";
        Assert.False(Redaction.MayNameSecret(page, wholeNames: false));
        Assert.True(Redaction.MayNameSecret(page, wholeNames: true), "outside a tool result a field named exactly code is a secret");
        Assert.Same(page, Redaction.MaskNamedSecrets(page, wholeNames: false));
    }

    [Theory]
    [MemberData(nameof(OrdinaryNames))]
    public void An_ordinary_field_is_left_alone_in_audit_arguments_and_in_text_alike(string name)
    {
        Assert.False(Redaction.IsSecretName(name));

        using var audit = new AuditTrail(new ServerSettings { AuditLogPath = null }, SecretRegistry.From(new ServerSettings()), NullLogger<AuditTrail>.Instance);
        Assert.Equal($$"""{"{{name}}":"plain-value"}""", audit.Redact(new JsonObject { [name] = "plain-value" }).ToJsonString());

        var text = $$"""{"{{name}}": "plain-value"}""";
        Assert.Same(text, Redaction.MaskNamedSecrets(text));
    }

    [Fact]
    public void A_long_string_value_is_not_mistaken_for_a_name()
    {
        var value = new string('x', 5_000) + " token ";
        var text = $$"""{"title": "{{value}}", "note": "x"}""";
        Assert.Same(text, Redaction.MaskNamedSecrets(text));
    }

    [Fact]
    public void In_a_tool_result_a_field_named_code_is_the_accounts_data_and_kept_while_secret_words_are_still_masked()
    {
        // An offer's coupon (offer.coupon.code) in a transaction answer; a log line of the same text masks it (an OAuth code).
        var text = """{"offer":{"coupon":{"code":"SPRING25","id":3}},"api_key":"k-123","note":"a \"quoted\" word"}""";
        Assert.Equal("""{"offer":{"coupon":{"code":"SPRING25","id":3}},"api_key":"[redacted]","note":"a \"quoted\" word"}""", Redaction.MaskNamedSecrets(text, wholeNames: false));
        Assert.Equal("""{"offer":{"coupon":{"code":"[redacted]","id":3}},"api_key":"[redacted]","note":"a \"quoted\" word"}""", Redaction.MaskNamedSecrets(text));
        Assert.Equal("""{"offer":{"coupon":{"code":"SPRING25","id":3}},"api_key":"[redacted]","note":"a \"quoted\" word"}""",
            Redaction.Scrub(text, SecretRegistry.From(new ServerSettings()), forResult: true));
    }

    [Fact]
    public void A_value_with_escaped_quotes_is_masked_whole()
    {
        Assert.Equal("""{"password":"[redacted]","x":1}""", Redaction.MaskNamedSecrets("""{"password":"a\"b\\","x":1}"""));
    }
}
