using ModelContextProtocol.Protocol;
using Ontraport.Mcp.Server.Tools.Commerce;
using Ontraport.Mcp.Server.Tools.Manage;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// The typed Commerce and Manage answers (issue 20 item 4) write what the hand-built ones wrote: fields that were always
/// present say null when empty, optional ones are left out, and records typed as object (a removed order, a sequence
/// subscriber) serialize as themselves. The sandbox rarely yields the empty cases, so they are pinned here.
/// </summary>
public class TypedAnswerShapeTests
{
    private static string Text<T>(T answer)
        where T : class => ((TextContentBlock)ToolOutput.Json(answer).Content[0]).Text;

    [Fact]
    public void Fields_a_record_always_had_say_null_and_optional_ones_are_left_out()
    {
        var purchase = new PurchaseView { Id = 4, Quantity = 1, Price = "0.00 USD", Total = "0.00 USD" };
        var payment = new PaymentView { Id = 9, Contact = new ContactRef(null), Amount = "5.00 USD" };

        Assert.Equal("""{"id":4,"product":null,"product_id":null,"quantity":1,"price":"0.00 USD","total":"0.00 USD","status":null,"type":null,"date":null}""", Text(purchase));
        Assert.Equal("""{"id":9,"invoice_id":null,"contact":{"id":null},"amount":"5.00 USD","status":null,"method":null,"date":null}""", Text(payment));
    }

    [Fact]
    public void Answers_typed_as_object_serialize_as_their_own_type()
    {
        var cancelled = new CancelledAnswer(null, null, null, new RemovedOrder(7, "removed"));
        var paused = new PauseAnswer { Action = "pause", ObjectType = "Sequence Subscribers", Records = 1, Paused = [new SubscriberRef(3, 5, null)] };

        Assert.Equal("""{"cancelled":null,"order":{"id":7,"status":"removed"}}""", Text(cancelled));
        Assert.Equal("""{"action":"pause","object_type":"Sequence Subscribers","records":1,"paused":[{"id":3,"sequence_id":5,"object_id":null}]}""", Text(paused));
    }

    [Fact]
    public void A_typed_dry_run_writes_its_own_parts_between_dry_run_and_the_requests()
    {
        var charge = new ChargeDryRun("10.00 USD", "Visa ending 4242", null);

        Assert.Equal("""{"dry_run":true,"would_charge":"10.00 USD","card":"Visa ending 4242","gateway":null,"requests":[],"note":"Nothing was sent. Call again without dry_run to do it."}""", Text(charge));
        Assert.Equal("""{"id":1,"name":"Hot"}""", Text(RecordRef.Of(1, "Hot")));
        Assert.Equal("""{"id":1}""", Text(RecordRef.Of(1, "")));
    }
}
