using System.Text.Json.Nodes;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;

namespace Ontraport.Client.Tests;

/// <summary>The commerce rules the tools rely on: which card and gateway a charge uses, typed card status, currency.</summary>
public class CommerceServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 15, 0, 0, TimeSpan.Zero);

    private static CreditCard Card(long id, CardStatus status, int expYear = 2029, int expMonth = 1) =>
        new(new OntraportRecord(new JsonObject { ["id"] = $"{id}", ["status"] = $"{(int)status}", ["exp_year"] = $"{expYear}", ["exp_month"] = $"{expMonth}" }));

    private static Gateway Gateway(long id, string status, string? currency = null) =>
        new(new OntraportRecord(new JsonObject { ["id"] = $"{id}", ["status"] = status, ["currency"] = currency }));

    [Fact]
    public void The_default_card_wins_then_the_latest_active_one()
    {
        Assert.Equal(2, CommerceService.ChooseCard([Card(1, CardStatus.Active), Card(2, CardStatus.ActiveDefault), Card(3, CardStatus.Active)], null, Now).Card!.Id);
        Assert.Equal(3, CommerceService.ChooseCard([Card(1, CardStatus.Active), Card(3, CardStatus.Active)], null, Now).Card!.Id);
    }

    [Fact]
    public void Expired_cards_are_refused_by_status_or_by_date_and_missing_ones_say_why()
    {
        Assert.Equal(CardRefusal.Expired, CommerceService.ChooseCard([Card(1, CardStatus.ExpiredDefault)], 1, Now).Refusal);
        Assert.Equal(CardRefusal.Expired, CommerceService.ChooseCard([Card(1, CardStatus.Active, 2026, 10)], 1, Now).Refusal);
        Assert.Equal(CardRefusal.None, CommerceService.ChooseCard([Card(1, CardStatus.Active, 2026, 11)], 1, Now).Refusal);
        Assert.Equal(CardRefusal.NotOnFile, CommerceService.ChooseCard([Card(1, CardStatus.Active)], 9, Now).Refusal);
        Assert.Equal(CardRefusal.NoCards, CommerceService.ChooseCard([], null, Now).Refusal);
        Assert.Equal(CardRefusal.NoActiveCard, CommerceService.ChooseCard([Card(1, CardStatus.Expired)], null, Now).Refusal);
    }

    [Fact]
    public void A_gateway_is_the_requested_one_else_the_usual_active_one_else_the_only_active_one()
    {
        IReadOnlyList<Gateway> gateways = [Gateway(1, "1", "EUR"), Gateway(2, "0"), Gateway(3, "1")];
        Assert.Equal(GatewayRefusal.Inactive, CommerceService.ChooseGateway(gateways, 2, null).Refusal);
        Assert.Equal(GatewayRefusal.Unknown, CommerceService.ChooseGateway(gateways, 7, null).Refusal);
        Assert.Equal(3, CommerceService.ChooseGateway(gateways, null, 3).Gateway!.Id);
        Assert.Equal(GatewayRefusal.Ambiguous, CommerceService.ChooseGateway(gateways, null, 2).Refusal);
        Assert.Equal(1, CommerceService.ChooseGateway([Gateway(1, "1"), Gateway(2, "0")], null, null).Gateway!.Id);
        Assert.Equal(("EUR", "EUR", "USD"), (CommerceService.CurrencyOf(gateways, 1), CommerceService.CurrencyOf(gateways, 3), CommerceService.CurrencyOf([], null)));
    }
}

/// <summary>The commerce reads of one call, through <see cref="OntraportClient.Commerce"/>: exact requests, gateways read once.</summary>
public class CommerceServiceReadTests
{
    [Fact]
    public async Task Gateways_are_read_once_per_call_and_give_each_record_its_currency()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"1","name":"Stripe","status":"1","currency":"EUR"},{"id":"2","name":"Old","status":"0","currency":"GBP"}]""");
        var commerce = harness.Client().Commerce;

        var currencyOf = await commerce.CurrenciesAsync(CancellationToken.None);
        var again = await commerce.CurrencyAsync(2, CancellationToken.None);

        Assert.Equal(("EUR", "EUR", "GBP"), (currencyOf(1), currencyOf(null), again));
        var read = Assert.Single(harness.Requests);
        Assert.Equal(("GET /1/objects", "70"), (read.Route, read.QueryPairs["objectID"]));
    }

    [Fact]
    public async Task Records_by_id_are_one_request_and_no_ids_cost_none()
    {
        await using var harness = ClientHarness.Answering("""[{"id":"4","last4":"1111"},{"id":"9","last4":"4242"}]""");
        var commerce = harness.Client().Commerce;

        Assert.Empty(await commerce.ByIdsAsync(45, [0, -1], null, CancellationToken.None));
        var cards = await commerce.ByIdsAsync(45, [4, 9, 4], ["last4"], CancellationToken.None);

        Assert.Equal([4L, 9L], cards.Keys.Order());
        var read = Assert.Single(harness.Requests);
        Assert.Equal(("45", "4,9"), (read.QueryPairs["objectID"], read.QueryPairs["ids"]));
    }

    [Fact]
    public async Task A_read_after_a_write_that_fails_is_a_value_not_an_exception()
    {
        await using var harness = ClientHarness.Create((_, _) => Task.FromResult(RecordingHandler.Text(System.Net.HttpStatusCode.BadRequest, "Invalid query")));

        var read = await harness.Client().Commerce.TransactionAfterWriteAsync(12, CancellationToken.None);

        Assert.False(read.Succeeded);
        Assert.Equal(OntraportErrorKind.BadRequest, read.Error!.Kind);
        Assert.Equal(("GET /1/object", "46", "12"), (harness.Requests[0].Route, harness.Requests[0].QueryPairs["objectID"], harness.Requests[0].QueryPairs["id"]));
    }

    [Fact]
    public void Offers_are_a_registry_entry_the_generic_tools_do_not_resolve()
    {
        var offers = ObjectTypes.ObjectTypeRegistry.Find(ObjectTypes.ObjectTypeIds.Offer)!;

        Assert.Equal(("Offers", ObjectTypes.GenericAccess.Get, false), (offers.Name, offers.Access, offers.Exposed));
        Assert.False(ObjectTypes.ObjectTypeCatalog.BuiltIn.TryResolve("offers", out _, out _));
    }
}
