using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Commerce;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Routing;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>
/// INFERRED: the 2025 invoice endpoints. ontraport-api.md §7 says only that invoice fields and
/// <c>Transaction/payInvoice</c> were added; paths and payloads here are the sandbox's side of the one inferred mapping
/// (the client keeps its side in <c>Ontraport.Client/Transactions/InvoiceMapping.cs</c>; both are listed in the README):
/// <list type="bullet">
/// <item><c>POST Transaction/createInvoice</c> JSON <c>{contact_id, offer, status: "draft"|"open", due_date (unix s), memo, gateway_id}</c> → <c>{"invoice_id": N}</c>.</item>
/// <item><c>PUT Transaction/updateInvoice</c> JSON <c>{invoice_id, due_date?, memo?, status?: "open", offer?}</c> → <c>{"attrs": {changed…, "id"}}</c>.</item>
/// <item><c>POST Transaction/payInvoice</c> JSON <c>{invoice_id, cc_id?, gateway_id?}</c> → the processManual charge answer.</item>
/// </list>
/// </summary>
internal static class InvoiceEndpoints
{
    public static void Map(RouteTable routes) => routes
        .Map("POST", "Transaction/createInvoice", Create)
        .Map("PUT", "Transaction/updateInvoice", Update)
        .Map("POST", "Transaction/payInvoice", Pay);

    private static ApiResult Create(ApiContext context)
    {
        var contact = TransactionEndpoints.Contact(context, context.Parameters.Long("contact_id"));
        var offer = OfferPricing.Price(
            JsonValues.ObjectParameter(context, "offer") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("offer")), context.Store);
        var status = Status(context.Parameters.NonBlank("status") ?? "draft", allowDraft: true);
        var gatewayId = context.Parameters.Long("gateway_id") is { } requested ? TestGateway.ActiveGateway(context, requested).Id : 0;
        var dueDate = DueDate(context);
        var invoice = InvoiceBook.Create(context, contact, offer, status, gatewayId, null, context.UnixNow);
        invoice["due_date"] = dueDate ?? "0";
        invoice["memo"] = context.Parameters.Text("memo") ?? "";
        return ApiResult.Data(new JsonObject { ["invoice_id"] = invoice.Id });
    }

    private static ApiResult Update(ApiContext context)
    {
        var invoice = Invoice(context);
        TransactionEndpoints.Require(invoice, invoice["status"] is InvoiceStatus.Draft or InvoiceStatus.Open, "edited", "draft or open");
        var status = context.Parameters.NonBlank("status") is { } requested ? Status(requested, allowDraft: invoice["status"] == InvoiceStatus.Draft) : null;
        var offer = JsonValues.ObjectParameter(context, "offer") is { } json ? OfferPricing.Price(json, context.Store) : null;
        var dueDate = DueDate(context);
        var memo = context.Parameters.Has("memo") ? context.Parameters.Text("memo") ?? "" : null;

        var before = invoice.ToDictionary();
        if (offer is not null)
        {
            InvoiceBook.SetOffer(invoice, offer);
        }

        invoice["due_date"] = dueDate ?? invoice["due_date"];
        invoice["memo"] = memo ?? invoice["memo"];
        invoice["status"] = status ?? invoice["status"];
        var attrs = new JsonObject();
        foreach (var (column, value) in invoice.Values.Where(v => !string.Equals(before[v.Key], v.Value, StringComparison.Ordinal)))
        {
            attrs[column] = value;
        }

        attrs["id"] = invoice["id"];
        return ApiResult.Data(new JsonObject { ["attrs"] = attrs });
    }

    private static ApiResult Pay(ApiContext context)
    {
        var invoice = Invoice(context);
        TransactionEndpoints.Require(invoice, InvoiceStatus.IsUnpaid(invoice["status"]), "paid", "open, declined or in collections");
        var contact = TransactionEndpoints.Contact(context, invoice.Long("contact_id"));
        var gatewayId = context.Parameters.Long("gateway_id") is > 0 and var requested ? requested : invoice.Long("gateway_id") ?? 0;
        if (gatewayId <= 0)
        {
            throw ApiError.BadRequest(SandboxChoices.MissingParameterText("gateway_id"));
        }

        var gateway = TestGateway.ActiveGateway(context, gatewayId);
        var card = Cards.ForCharge(context, contact, context.Parameters.Long("cc_id"), null);
        return TransactionEndpoints.ChargeAnswer(context, invoice, InvoiceBook.ChargeCard(context, invoice, card, gateway));
    }

    private static Record Invoice(ApiContext context)
    {
        var id = context.Parameters.Long("invoice_id") ?? throw ApiError.BadRequest(SandboxChoices.MissingParameterText("invoice_id"));
        var type = context.Store.Catalog.Get(ObjectTypeIds.Transaction);
        return context.Store.Table(type).Find(id) ?? throw ApiError.NotFound(SandboxChoices.RecordNotFoundText(type, id));
    }

    private static string Status(string text, bool allowDraft) => text.ToLowerInvariant() switch
    {
        "open" => InvoiceStatus.Open,
        "draft" when allowDraft => InvoiceStatus.Draft,
        _ => throw ApiError.BadRequest(SandboxChoices.BadInvoiceStatusText(text)),
    };

    private static string? DueDate(ApiContext context) =>
        context.Parameters.Long("due_date") is { } seconds
            ? seconds >= 0 ? seconds.ToString(CultureInfo.InvariantCulture) : throw ApiError.BadRequest(SandboxChoices.BadDueDateText)
            : null;
}
