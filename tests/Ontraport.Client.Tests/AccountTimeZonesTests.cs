using Ontraport.Client.Inferred;

namespace Ontraport.Client.Tests;

/// <summary>
/// The INFERRED account time zone (README): the owner's user record (role 1, else the lowest id), else UTC; a configured
/// zone wins without a request; the read is cached per account and credential.
/// </summary>
public class AccountTimeZonesTests
{
    [Fact]
    public async Task The_owner_s_zone_is_read_once_and_then_cached()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"1","role":"2","timezone":"Europe/Paris"},{"id":"5","role":"1","timezone":"America/Los_Angeles"}]""");
        var zones = new AccountTimeZones();

        var (zone, source) = await zones.ForAsync(harness.Client(), CancellationToken.None);
        var again = await zones.ForAsync(harness.Client(), CancellationToken.None);

        Assert.Equal(("America/Los_Angeles", "account owner (user 5)"), (zone.Id, source));
        Assert.Equal(zone, again.Zone);
        var read = Assert.Single(harness.Requests);
        Assert.Equal("GET /1/objects", read.Route);
        Assert.Equal(("2", "id,role,timezone"), (read.QueryPairs["objectID"], read.QueryPairs["listFields"]));
    }

    [Fact]
    public async Task Without_a_known_zone_the_answer_is_UTC()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"1","role":"1","timezone":"Not/AZone"}]""");

        var (zone, source) = await new AccountTimeZones().ForAsync(harness.Client(), CancellationToken.None);

        Assert.Equal((TimeZoneInfo.Utc, "default (UTC)"), (zone, source));
    }

    [Fact]
    public async Task A_configured_zone_wins_and_costs_no_request()
    {
        await using var harness = ClientHarness.Answering("[]");
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        var (zone, source) = await new AccountTimeZones(tokyo, "ONTRAPORT_TIMEZONE").ForAsync(harness.Client(), CancellationToken.None);

        Assert.Equal((tokyo, "ONTRAPORT_TIMEZONE"), (zone, source));
        Assert.Empty(harness.Requests);
    }
}
