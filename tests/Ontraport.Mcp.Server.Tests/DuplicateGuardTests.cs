using Ontraport.Testing;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The duplicate-charge guard of a single instance (no Redis): the claim is taken before anything is sent, so an
/// identical call made while the first is still on its way is refused too, and a call refused before sending leaves no
/// claim behind.
/// </summary>
public sealed class DuplicateGuardTests : IAsyncLifetime
{
    private readonly FakeClock _time = new(new DateTimeOffset(2026, 11, 22, 15, 0, 0, TimeSpan.Zero));
    private ServerHost _host = null!;

    public Task InitializeAsync()
    {
        _host = new ServerHost(_time, ("ONTRAPORT_RATE_LIMIT_PER_MINUTE", "100000"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_identical_charge_made_while_the_first_is_still_on_its_way_is_refused_before_it_is_sent()
    {
        await using var first = await _host.ConnectAsync();
        await using var second = await _host.ConnectAsync();
        var slowCharge = new { contact = "Sarah Jones", products = new[] { new { product_id = 9 } }, total = 97, gateway_id = 1 }; // card 0119 hangs

        var pending = first.CallAsync("process_transaction", slowCharge);
        await _time.WaitForTimerAsync(d => d == TimeSpan.FromMinutes(5)).WaitAsync(TimeSpan.FromSeconds(60)); // parked at the gateway
        var refused = (await second.CallAsync("process_transaction", slowCharge)).Error();
        Assert.Contains("identical process_transaction call is on its way to Ontraport right now", refused, StringComparison.Ordinal);
        Assert.Single(_host.UpstreamRequests(), r => r.Path == "transaction/processManual");

        _time.Advance(TimeSpan.FromSeconds(21)); // the attempt times out: outcome unknown, the claim stays
        Assert.StartsWith("Outcome unknown:", (await pending).Error(), StringComparison.Ordinal);
        var again = (await second.CallAsync("process_transaction", slowCharge)).Error();
        Assert.Contains("identical process_transaction call reached Ontraport", again, StringComparison.Ordinal);
        Assert.Single(_host.UpstreamRequests(), r => r.Path == "transaction/processManual");
        Assert.Equal(1, _host.DemoAccount.CapturedChargesOnCard("0119"));
    }

    [Fact]
    public async Task Two_identical_charges_at_once_charge_once()
    {
        await using var a = await _host.ConnectAsync();
        await using var b = await _host.ConnectAsync();
        var charge = new { contact = "Jane Doe", products = new[] { new { product_id = 9 } }, total = 97 };

        var answers = await Task.WhenAll(a.CallAsync("process_transaction", charge), b.CallAsync("process_transaction", charge));

        Assert.Single(answers, x => !x.IsError);
        Assert.Contains("identical process_transaction call", Assert.Single(answers, x => x.IsError).Text, StringComparison.Ordinal);
        Assert.Equal(1, _host.DemoAccount.CapturedChargesOnCard("4444"));
    }

    [Fact]
    public async Task A_call_refused_before_anything_was_sent_leaves_no_claim()
    {
        await using var client = await _host.ConnectAsync();
        var unknown = new { contact = "Nobody Atall", products = new[] { new { product_id = 9 } }, total = 97 };

        var first = (await client.CallAsync("process_transaction", unknown)).Error();
        var second = (await client.CallAsync("process_transaction", unknown)).Error();

        Assert.DoesNotContain("identical", first, StringComparison.Ordinal);
        Assert.Equal(first, second);
        Assert.DoesNotContain(_host.UpstreamRequests(), r => r.Path == "transaction/processManual");
    }
}
