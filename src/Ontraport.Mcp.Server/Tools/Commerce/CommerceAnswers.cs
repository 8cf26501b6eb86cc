using System.Text.Json.Serialization;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Commerce;

// The typed answers of the Commerce tools, serialized by ToolOutput.Json<T> (ToolJson: snake_case, nulls dropped).
// Property order is the order of the answer. A property with JsonIgnoreCondition.Never is written even when null: the
// answer has always said "null" there, and every byte of an answer is a contract (ToolAnswers/).

/// <summary>A contact as a commerce answer names it.</summary>
public sealed record ContactRef(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] long? Id,
    string? Name = null);

/// <summary>One line of an invoice's offer.</summary>
public sealed record InvoiceLine(long ProductId, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name, int Quantity, string UnitPrice, string Total);

/// <summary>An invoice (transaction 46), as a list row or in full (see <see cref="CommerceView.Invoice"/>).</summary>
public sealed record InvoiceView
{
    public required long Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; init; }

    public required ContactRef Contact { get; init; }

    public required string Total { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Date { get; init; }

    public string? DueDate { get; init; }

    public int? OverdueDays { get; init; }

    /// <summary>The offer in one line (list rows only).</summary>
    public string? Products { get; init; }

    public string? Subtotal { get; init; }

    public string? Tax { get; init; }

    public string? Shipping { get; init; }

    public IReadOnlyList<InvoiceLine>? Items { get; init; }

    public long? OrderId { get; init; }

    public long? CardId { get; init; }

    public long? GatewayId { get; init; }

    public long? RechargeAttempts { get; init; }

    public string? LastRechargeDate { get; init; }

    public string? DateSent { get; init; }

    public string? Memo { get; init; }

    public string? ExternalOrderId { get; init; }

    public string? Url { get; init; }

    /// <summary><c>get_failed_transactions</c>: charge attempts so far.</summary>
    public long? Attempts { get; init; }

    /// <summary><c>get_failed_transactions</c>: the latest attempt.</summary>
    public string? LastAttempt { get; init; }
}

/// <summary>A purchase (17).</summary>
public sealed record PurchaseView
{
    public required long Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Product { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? ProductId { get; init; }

    public required long Quantity { get; init; }

    public required string Price { get; init; }

    public required string Total { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Date { get; init; }

    public long? InvoiceId { get; init; }

    public long? OrderId { get; init; }

    public string? Description { get; init; }

    public string? Sku { get; init; }
}

/// <summary>A payment (227).</summary>
public sealed record PaymentView
{
    public required long Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? InvoiceId { get; init; }

    public required ContactRef Contact { get; init; }

    public required string Amount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Method { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Date { get; init; }

    public string? Refunded { get; init; }

    public string? Card { get; init; }

    public string? ExternalTxn { get; init; }
}

/// <summary>A recurring order (52).</summary>
public sealed record OrderView
{
    public required long Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Name { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public long? ContactId { get; init; }

    public string? Price { get; init; }

    public string? NextChargeDate { get; init; }

    public string? CancellationDate { get; init; }

    public long? CardId { get; init; }
}

// ---------- lists (the envelope is ListAnswer's; these add what a list says about its filter) ----------

/// <summary><c>get_invoices</c>: the filter it used and the sum of the matching totals.</summary>
public sealed record InvoicesAnswer(ContactRef? Contact, string? Status, DateWindow? Created, string SumOfTotals) : ListAnswer<InvoiceView>;

/// <summary><c>get_failed_transactions</c>: the kinds shown and what they owe.</summary>
public sealed record FailedAnswer(string Showing, ContactRef? Contact, string Outstanding) : ListAnswer<InvoiceView>;

/// <summary><c>get_payments</c>: the filter it used.</summary>
public sealed record PaymentsAnswer(ContactRef? Contact, long? InvoiceId, DateWindow? Window) : ListAnswer<PaymentView>;

/// <summary><c>get_purchases</c>: whose purchases and the sum of their totals.</summary>
public sealed record PurchasesAnswer(ContactRef Contact, string SumOfTotals, DateWindow? Bought) : ListAnswer<PurchaseView>;

// ---------- state changes on one transaction ----------

/// <summary>A dry run that shows the transaction it would act on.</summary>
public sealed record TransactionDryRun(InvoiceView Transaction) : DryRunAnswer;

/// <summary>A dry run that shows the invoice it would change.</summary>
public sealed record InvoiceDryRun(InvoiceView Invoice) : DryRunAnswer;

/// <summary>Done: the invoice as it now stands, or its id and why it could not be read back.</summary>
public sealed record DoneAnswer(string Done, InvoiceView? Invoice, long? InvoiceId, string? ReadBack);

/// <summary>Nothing sent: the transaction already stands where the call wanted it.</summary>
public sealed record AlreadyAnswer(string Note, InvoiceView Invoice);

/// <summary>The invoice as it stands after a write, or its id and why it could not be read back.</summary>
public sealed record InvoiceAfterWrite(InvoiceView? Invoice, long? InvoiceId, string? ReadBack);

/// <summary>The invoice a create made: its id, and the invoice read back or why it could not be.</summary>
public sealed record CreatedInvoice(long? InvoiceId, InvoiceView? Invoice, string? ReadBack);

/// <summary><c>send_invoice</c> dry run.</summary>
public sealed record SendDryRun(string WouldSendTo, InvoiceView Invoice) : DryRunAnswer;

/// <summary><c>send_invoice</c>: to whom, and the invoice now.</summary>
public sealed record SentAnswer(string SentTo, InvoiceView? Invoice, long? InvoiceId, string? ReadBack);

/// <summary><c>update_invoice</c>: the invoice now, and what to do next with it.</summary>
public sealed record InvoiceUpdatedAnswer(string Updated, InvoiceView? Invoice, long? InvoiceId, string? ReadBack, string? Next);

/// <summary>What <c>create_invoice</c> makes.</summary>
public sealed record InvoiceSummary(ContactRef Contact, string Total, string Status);

/// <summary><c>create_invoice</c> dry run.</summary>
public sealed record CreateInvoiceDryRun(InvoiceSummary WouldCreate) : DryRunAnswer;

/// <summary><c>create_invoice</c>: what was created, the invoice, and what to do next.</summary>
public sealed record InvoiceCreatedAnswer(string Created, ContactRef Contact, string Total, string Status, long? InvoiceId, InvoiceView? Invoice, string? ReadBack, string Next);

/// <summary><c>log_offline_purchase</c> dry run.</summary>
public sealed record LogDryRun(string WouldLog, string Method) : DryRunAnswer;

/// <summary><c>log_offline_purchase</c>: what was logged and the invoice it made.</summary>
public sealed record LoggedAnswer(string Logged, string Method, long? InvoiceId, InvoiceView? Invoice, string? ReadBack);

// ---------- charges and refunds ----------

/// <summary>A charge's dry run: how much, on which card, through which gateway.</summary>
public sealed record ChargeDryRun(string WouldCharge, string Card, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Gateway) : DryRunAnswer;

/// <summary><c>rerun_transaction</c> dry run.</summary>
public sealed record RerunDryRun(string WouldCharge, string Card) : DryRunAnswer;

/// <summary><c>rerun_transaction</c> when the transaction could not be read back after the retry.</summary>
public sealed record RetriedAnswer(long Retried, string Card, string ReadBack);

/// <summary>An approved charge: what was charged, the ids Ontraport returned, and the invoice or why it could not be read.</summary>
public sealed record ChargedAnswer(string Charged, string Card, long? InvoiceId, string? TransactionId, string? ExternalTxn, string? ReadBack, InvoiceView? Invoice);

/// <summary><c>refund_transaction</c> dry run.</summary>
public sealed record RefundDryRun(string WouldRefund, InvoiceView Transaction) : DryRunAnswer;

/// <summary><c>refund_transaction</c>: what was refunded and is left, and the invoice now.</summary>
public sealed record RefundedAnswer(string Refunded, string LeftToRefund, long InvoiceId, string? ReadBack, InvoiceView? Invoice, string? Warning);

// ---------- subscriptions ----------

/// <summary>Nothing sent on an order, and why.</summary>
public sealed record OrderNoteAnswer(string Note, OrderView Order);

/// <summary><c>cancel_subscription</c> dry run.</summary>
public sealed record CancelDryRun(OrderView WouldCancel) : DryRunAnswer;

/// <summary>An order Ontraport removed when it was cancelled.</summary>
public sealed record RemovedOrder(long Id, string Status);

/// <summary>
/// <c>cancel_subscription</c>: which order, and the order now (an <see cref="OrderView"/>, or a
/// <see cref="RemovedOrder"/>) or why it could not be read back.
/// </summary>
public sealed record CancelledAnswer([property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Cancelled, long? OrderId, string? ReadBack, object? Order);

/// <summary><c>update_order</c> dry run.</summary>
public sealed record OrderDryRun(OrderView Order) : DryRunAnswer;

/// <summary><c>update_order</c>: the price before and after, and the order now.</summary>
public sealed record OrderUpdatedAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Updated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Before,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? After,
    OrderView Order);

/// <summary><c>update_order</c> when the order could not be read back after the change.</summary>
public sealed record OrderUpdateUnreadAnswer(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Updated,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Before,
    long OrderId,
    string ReadBack);

// ---------- offers ----------

/// <summary>An offer by id and name.</summary>
public sealed record OfferRef(long Id, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name);

/// <summary>One line of a checked offer.</summary>
public sealed record OfferLineCheck(long ProductId, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name, int Quantity, string UnitPrice, string Type, string? BilledEvery);

/// <summary>A checked offer's totals.</summary>
public sealed record OfferTotalsView(string Subtotal, string Tax, string Shipping, string Total);

/// <summary><c>validate_offer</c>: whether the offer can be used, what is wrong with it, and what it adds up to.</summary>
public sealed record OfferCheckAnswer(
    OfferRef Offer, bool Valid, IReadOnlyList<string> Problems, IReadOnlyList<string>? Warnings = null,
    IReadOnlyList<OfferLineCheck>? Lines = null, OfferTotalsView? Totals = null);
