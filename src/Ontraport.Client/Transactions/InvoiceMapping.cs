using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Client.Http;
using Ontraport.Client.Objects;

namespace Ontraport.Client.Transactions;

/// <summary>Transaction (46) <c>status</c> codes; see <see cref="InvoiceMapping"/> for which are documented and which inferred.</summary>
public enum TransactionStatus
{
    Collections = 0,
    Paid = 1,
    Refunded = 2,
    PartiallyRefunded = 3,
    Voided = 4,
    Declined = 5,
    WrittenOff = 6,
    Pending = 7,
    Draft = 8,
    Open = 9,
}

/// <summary>Payments (227) <c>status</c> codes (INFERRED, see <see cref="InvoiceMapping"/>).</summary>
public enum PaymentStatus
{
    Failed = 0,
    Succeeded = 1,
    Refunded = 2,
    Voided = 3,
    Pending = 4,
}

/// <summary>
/// INFERRED: every commerce mapping the public API does not document, in this one place so it can be corrected against a
/// live account (README "inferred mappings"). The sandbox keeps its side in <c>Ontraport.Sandbox/Endpoints/InvoiceEndpoints.cs</c>
/// and <c>SandboxChoices.Commerce.cs</c>.
/// <list type="bullet">
/// <item>Statuses 0–7 come from the NET client only (0 "Unpaid" read as in collections, as the API reference suggests);
/// 8 draft and 9 open are inferred for the 2025 invoices ("Added new fields for generating Invoices", §7).</item>
/// <item>Invoice fields <c>due_date</c> (unix s), <c>memo</c>, <c>date_sent</c>; "overdue" = open and past its due date.</item>
/// <item><c>POST Transaction/createInvoice</c>, <c>PUT Transaction/updateInvoice</c>, <c>POST Transaction/payInvoice</c>
/// (only the last name is public; all payloads are inferred).</item>
/// <item>Payments (227): <c>invoice_id, contact_id, amount, refunded, status, method, cc_id, gateway_id, external_txn, date</c>.</item>
/// <item>A partial refund adds <c>amount</c> to the documented <c>transaction/refund</c>; an offline purchase's method travels
/// as <c>payment_method</c> on <c>chargeLog</c>.</item>
/// <item>A subscription is cancelled by deleting its order (Orders 52 allow GET and DELETE only; the seed routes cancellations
/// to cancel_subscription).</item>
/// </list>
/// </summary>
public static class InvoiceMapping
{
    public const int Payments = ObjectTypes.ObjectTypeIds.Payment;
    public const string DueDate = "due_date";
    public const string Memo = "memo";
    public const string DateSent = "date_sent";
    public const string RefundedAmount = "refunded";
    public const string PaymentMethod = "method";

    /// <summary>The statuses of an invoice still owed: open, declined, in collections.</summary>
    public static IReadOnlyList<TransactionStatus> Unpaid { get; } = [TransactionStatus.Open, TransactionStatus.Declined, TransactionStatus.Collections];

    private static readonly Dictionary<TransactionStatus, string> Words = new()
    {
        [TransactionStatus.Collections] = "collections",
        [TransactionStatus.Paid] = "paid",
        [TransactionStatus.Refunded] = "refunded",
        [TransactionStatus.PartiallyRefunded] = "partially refunded",
        [TransactionStatus.Voided] = "voided",
        [TransactionStatus.Declined] = "declined",
        [TransactionStatus.WrittenOff] = "written off",
        [TransactionStatus.Pending] = "pending",
        [TransactionStatus.Draft] = "draft",
        [TransactionStatus.Open] = "open",
    };

    private static readonly Dictionary<PaymentStatus, string> PaymentWords = new()
    {
        [PaymentStatus.Failed] = "failed",
        [PaymentStatus.Succeeded] = "succeeded",
        [PaymentStatus.Refunded] = "refunded",
        [PaymentStatus.Voided] = "voided",
        [PaymentStatus.Pending] = "pending",
    };

    /// <summary>Every transaction status code → the word the tools show.</summary>
    public static IReadOnlyDictionary<string, string> StatusWords { get; } =
        Words.ToDictionary(p => ((int)p.Key).ToString(CultureInfo.InvariantCulture), p => p.Value);

    /// <summary>Every payment status code → its word.</summary>
    public static IReadOnlyDictionary<string, string> PaymentStatusWords { get; } =
        PaymentWords.ToDictionary(p => ((int)p.Key).ToString(CultureInfo.InvariantCulture), p => p.Value);

    public static string Word(TransactionStatus status) => Words[status];

    public static TransactionStatus? StatusOf(OntraportRecord transaction) =>
        transaction.GetLong("status") is { } code && Enum.IsDefined(typeof(TransactionStatus), (int)code) ? (TransactionStatus)code : null;

    /// <summary>A status word ("open", "written off", "in collections", "unpaid"…) → the statuses it means; null when unknown.</summary>
    public static IReadOnlyList<TransactionStatus>? StatusesFor(string word)
    {
        var text = word.Trim().ToLowerInvariant().Replace('_', ' ').Replace('-', ' ');
        return text switch
        {
            "unpaid" or "outstanding" => Unpaid,
            "in collections" or "collection" => [TransactionStatus.Collections],
            "writtenoff" or "written off" or "write off" => [TransactionStatus.WrittenOff],
            "partially refunded" or "partial refund" => [TransactionStatus.PartiallyRefunded],
            "failed" => [TransactionStatus.Declined],
            "void" => [TransactionStatus.Voided],
            _ => Words.FirstOrDefault(p => p.Value == text) is { Value: not null } match ? [match.Key] : null,
        };
    }

    public static PaymentStatus? PaymentStatusFor(string word) =>
        PaymentWords.FirstOrDefault(p => string.Equals(p.Value, word.Trim(), StringComparison.OrdinalIgnoreCase)) is { Value: not null } match ? match.Key : null;

    /// <summary>
    /// <c>POST Transaction/createInvoice</c>, JSON <c>{contact_id, offer, status, due_date?, memo?, gateway_id?}</c> → <c>{"invoice_id": N}</c>.
    /// Creates a record: never retried.
    /// </summary>
    public static OntraportRequest CreateInvoice(long contactId, JsonObject offer, bool open, DateTimeOffset? dueDate, string? memo, long? gatewayId)
    {
        var body = new JsonObject
        {
            ["contact_id"] = contactId,
            ["status"] = open ? "open" : "draft",
            ["offer"] = offer.DeepClone(),
        };
        AddOptional(body, dueDate, memo);
        if (gatewayId is { } gateway)
        {
            body["gateway_id"] = gateway;
        }

        return new() { Method = HttpMethod.Post, Path = "Transaction/createInvoice", Effect = RequestEffect.NonIdempotentWrite, Encoding = BodyEncoding.Json, Json = body };
    }

    /// <summary>
    /// <c>PUT Transaction/updateInvoice</c>, JSON <c>{invoice_id, due_date?, memo?, status?: "open", offer?}</c> →
    /// <c>{"attrs": {…changed, "id"}}</c>. Sets values, so repeating it is harmless.
    /// </summary>
    public static OntraportRequest UpdateInvoice(long invoiceId, DateTimeOffset? dueDate, string? memo, bool finalize, JsonObject? offer)
    {
        var body = new JsonObject { ["invoice_id"] = invoiceId };
        AddOptional(body, dueDate, memo);
        if (finalize)
        {
            body["status"] = "open";
        }

        if (offer is not null)
        {
            body["offer"] = offer.DeepClone();
        }

        return new() { Method = HttpMethod.Put, Path = "Transaction/updateInvoice", Effect = RequestEffect.IdempotentWrite, Encoding = BodyEncoding.Json, Json = body };
    }

    /// <summary>
    /// <c>POST Transaction/payInvoice</c>, JSON <c>{invoice_id, cc_id, gateway_id}</c> → the processManual charge answer
    /// (<see cref="ChargeResult"/>). Moves money: never retried.
    /// </summary>
    public static OntraportRequest PayInvoice(long invoiceId, long cardId, long gatewayId) => new()
    {
        Method = HttpMethod.Post,
        Path = "Transaction/payInvoice",
        Effect = RequestEffect.NonIdempotentWrite,
        Encoding = BodyEncoding.Json,
        Json = new JsonObject { ["invoice_id"] = invoiceId, ["cc_id"] = cardId, ["gateway_id"] = gatewayId },
    };

    /// <summary>The documented refund plus an inferred <c>amount</c> when only part of what was paid goes back.</summary>
    public static OntraportRequest Refund(long transactionId, decimal? partialAmount)
    {
        var request = TransactionRequests.Refund(transactionId);
        if (partialAmount is { } amount)
        {
            request.Json!["amount"] = amount.ToString("0.00", CultureInfo.InvariantCulture);
        }

        return request;
    }

    /// <summary>The documented <c>chargeLog</c> plus the inferred <c>payment_method</c> (check, cash or other).</summary>
    public static OntraportRequest LogOfflinePayment(long contactId, JsonObject offer, DateTimeOffset? paidAt, string? reference, string method)
    {
        var request = TransactionRequests.LogPurchase(contactId, offer, paidAt, reference);
        request.Json!["payment_method"] = method;
        return request;
    }

    /// <summary>Cancels a recurring order: <c>DELETE object?objectID=52&amp;id=</c>. Repeating it leaves it cancelled.</summary>
    public static OntraportRequest CancelOrder(long orderId) => ObjectRequests.Delete(TransactionRequests.Orders, orderId);

    private static void AddOptional(JsonObject body, DateTimeOffset? dueDate, string? memo)
    {
        if (dueDate is { } due)
        {
            body["due_date"] = due.ToUnixTimeSeconds();
        }

        if (memo is not null)
        {
            body["memo"] = memo;
        }
    }
}
