namespace Ontraport.Client.Tests;

/// <summary>
/// The fingerprint is remembered for the last credentials hashed (issue 22: one HMAC per call spared where every request
/// builds equal credentials); what it is must not change: equal credentials, equal fingerprints; any other key or app
/// id, another one, in whatever order they come.
/// </summary>
public class CredentialsFingerprintTests
{
    [Fact]
    public void Equal_credentials_share_a_fingerprint_and_others_do_not_whatever_the_order()
    {
        var a = new OntraportCredentials("app-1", "key-one-1234").Fingerprint;
        var b = new OntraportCredentials("app-1", "key-two-1234").Fingerprint;
        var c = new OntraportCredentials("app-2", "key-one-1234").Fingerprint;
        Assert.Equal(32, a.Length);
        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        Assert.Equal(a, new OntraportCredentials(" app-1 ", "key-one-1234").Fingerprint);
        Assert.Equal(b, new OntraportCredentials("app-1", "key-two-1234").Fingerprint);
        Assert.Equal(a, new OntraportCredentials("app-1", "key-one-1234").Fingerprint);
        Assert.Equal(c, new OntraportCredentials("app-2", "key-one-1234").Fingerprint);
        Assert.DoesNotContain("key-one", a, StringComparison.Ordinal);
    }
}
