using System.Text.Json.Nodes;

namespace Ontraport.Client.Transactions;

/// <summary>
/// The answer of a charge (<c>processManual</c> with <c>chargeNow</c>, and <c>payInvoice</c>): captured live as
/// <c>{"result_code":1,"transaction_id":"126423745","external_txn":"000TEST","message":"Success!","invoice_id":584}</c>;
/// clients treat any <c>result_code</c> other than 1 as a decline (API reference §3.4).
/// </summary>
public sealed record ChargeResult(bool Approved, long? InvoiceId, string? TransactionId, string? ExternalTransactionId, string? Message)
{
    public static ChargeResult Parse(JsonNode? data)
    {
        var obj = data as JsonObject;
        return new ChargeResult(
            JsonText.AsLong(obj?["result_code"]) == 1,
            JsonText.AsLong(obj?["invoice_id"]),
            JsonText.AsString(obj?["transaction_id"]),
            JsonText.AsString(obj?["external_txn"]),
            JsonText.AsString(obj?["message"]));
    }

    /// <summary>The <c>invoice_id</c> of a <c>chargeLog</c> or <c>createInvoice</c> answer.</summary>
    public static long? InvoiceIdOf(JsonNode? data) => JsonText.AsLong((data as JsonObject)?["invoice_id"]);
}
