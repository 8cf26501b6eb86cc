using System.Globalization;

namespace Ontraport.Sandbox;

/// <summary>
/// The commerce engine's choices where shared/ontraport-api.md is silent (§3.4, §5.2, §7), in one place.
/// </summary>
/// <remarks>
/// <para><b>Transaction statuses and the 2025 invoices (INFERRED)</b></para>
/// <list type="number">
/// <item>Transaction (46) <c>status</c>: 0 collections (the NET client's "Unpaid", read as "in collections"), 1 paid, 2 refunded, 3 partially refunded, 4 voided, 5 declined, 6 written off, 7 pending (NET); <see cref="InvoiceDraft"/> draft and <see cref="InvoiceOpen"/> open are inferred for the 2025 invoices.</item>
/// <item>Invoices gain <c>due_date</c> (unix s, 0 = none), <c>memo</c> and <c>date_sent</c>; "overdue" is derived (open and past its due date), not a status.</item>
/// <item>Invoice endpoints (see <c>Endpoints/InvoiceEndpoints.cs</c>): <c>POST Transaction/createInvoice</c>, <c>PUT Transaction/updateInvoice</c>, <c>POST Transaction/payInvoice</c>. Drafts may become open, never the reverse; only drafts and open invoices may be edited.</item>
/// <item>Payments (227): one row per gateway attempt or manual settlement: <c>amount</c>, <c>refunded</c>, <c>status</c> 0 failed/1 succeeded/2 refunded/3 voided/4 pending, <c>method</c> card/check/cash/other, <c>external_txn</c>.</item>
/// </list>
/// <para><b>The test gateway</b></para>
/// <list type="number">
/// <item>Every active gateway (status 1) is a test gateway; an inactive one → 400. Currency is the gateway's <c>currency</c> (<see cref="DefaultCurrency"/> when blank).</item>
/// <item>A card ending <see cref="DecliningCardLast4"/>, or an expired card (status 2/4 or past its expiry month), is declined: HTTP 200 with <c>result_code</c> 0 and a message; the transaction is created declined (5) with a failed payment.</item>
/// <item>A card ending <see cref="TimingOutCardLast4"/> is charged (the ledger, payment, purchase and paid status are all recorded) and the answer is then held for <see cref="GatewayTimeoutHold"/> on the sandbox clock, after which the API answers 504 <see cref="GatewayTimeoutText"/>; a caller that gives up earlier ends the wait.</item>
/// <item>Every other card is approved: <c>{"result_code":1,"transaction_id":"&lt;payment id&gt;","external_txn":"…","message":"Success!","invoice_id":N}</c>.</item>
/// <item>The account's ledger (<see cref="SandboxAccount.Ledger"/>) records every charge attempt, refund and void; it starts empty (seeded history is not in it).</item>
/// </list>
/// <para><b>processManual</b></para>
/// <list type="number">
/// <item><c>contact_id</c>, <c>chargeNow</c> (<see cref="ChargeNow"/> or <see cref="ChargeLog"/>) and <c>offer</c> are required (400 otherwise); a charge also needs <c>gateway_id</c>.</item>
/// <item>The card: <c>cc_id</c> (must be the contact's), else a new card from <c>payer.ccnumber</c>, else the contact's default card (status 3, else its latest active card); none → 400.</item>
/// <item>The offer is priced by the sandbox (<c>Commerce/OfferPricing.cs</c>): unit price <c>price[0].price</c> (else catalog price), whole quantities ≥ 1, taxes at their inline <c>rate</c> percent on <c>taxable</c> lines (+ shipping when <c>taxShipping</c>) when <c>hasTaxes</c>, shipping prices summed when <c>hasShipping</c>, each amount rounded to the cent half away from zero. Stated <c>subTotal</c>/<c>grandTotal</c> are ignored and overwritten.</item>
/// <item><c>chargeLog</c> books a paid transaction and a payment whose method is the INFERRED <see cref="PaymentMethodParameter"/> (check, cash or other; default other). No gateway, no ledger.</item>
/// <item>A paid transaction adds one purchase (17) per product line (<c>total_price</c> = the line total; tax and shipping stay on the transaction), adds the total to the contact's <c>spent</c>, logs a "Purchase" log item (4), updates product totals and the card's <c>recent_sale</c>; a subscription or payment-plan line opens an order (52) with its Open Order (44) twin under the same id, next charge one billing unit later.</item>
/// <item><c>trans_date</c> is milliseconds; 0 or absent is now.</item>
/// </list>
/// <para><b>Lifecycle endpoints</b> (bulk ones take <c>objectID</c> 46 and a selection; a missing id → 404; any target in the wrong state → 400 and nothing changes)</para>
/// <list type="number">
/// <item>refund: paid or partially refunded only; INFERRED optional <see cref="RefundAmountParameter"/> for a partial refund of exactly one transaction, at most what is left to refund; refunds go back to the card (ledger) for card payments; full → refunded (2) and its purchases refunded, partial → partially refunded (3); the contact's <c>spent</c> goes down.</item>
/// <item>void: pending (unsettled) only → voided; pending card payments are released (ledger "void"). rerun: declined or in collections only, charges the transaction's card again through its gateway. writeOff: open, declined or in collections → written off.</item>
/// <item>convertToCollections: from open, declined or collections; convertToDecline: from open, collections or declined. markPaid: open, declined or in collections → paid with a payment of method "other"; already paid is a no-op.</item>
/// <item>resendInvoice: refuses drafts (400); otherwise sets <c>date_sent</c> and logs "Email sent" (type 1) on the contact.</item>
/// <item>Orders: <c>GET transaction/order</c> shows the order's stored offer (<c>order_form_json</c>), else one subscription line rebuilt from the row; <c>PUT transaction/order</c> needs <c>offer.order_id</c> of an active order, reprices it (next charge, unit, tax, shipping, card, gateway) and mirrors Open Orders. Deleting an order (DELETE <c>object</c>/<c>objects</c>, objectID 52) cancels it: status Cancelled, <c>cancellation_date</c>, no next charge, its Open Order row removed.</item>
/// </list>
/// </remarks>
internal static partial class SandboxChoices
{
    public const string InvoiceDraft = "8";
    public const string InvoiceOpen = "9";

    public const string ChargeNow = "chargeNow";
    public const string ChargeLog = "chargeLog";

    public const string DecliningCardLast4 = "0002";
    public const string TimingOutCardLast4 = "0119";
    public static readonly TimeSpan GatewayTimeoutHold = TimeSpan.FromMinutes(5);
    public const string GatewayTimeoutText = "Gateway Timeout: the payment gateway did not answer in time.";
    public const string DefaultCurrency = "USD";
    public const string ApprovedText = "Success!";

    public const string CardMethod = "card";
    public const string MarkedPaidMethod = "other";
    public static readonly HashSet<string> OfflineMethods = ["check", "cash", "other"];

    /// <summary>INFERRED: the offline payment method of a <c>chargeLog</c>.</summary>
    public const string PaymentMethodParameter = "payment_method";

    /// <summary>INFERRED: the amount of a partial refund.</summary>
    public const string RefundAmountParameter = "amount";

    public static readonly HashSet<string> BillingUnits = ["day", "week", "month", "quarter", "year"];

    public const string OfferWithoutProductsText = "Bad Request: offer.products must list products with their id.";
    public const string BadChargeModeText = "Bad Request: chargeNow must be chargeNow or chargeLog.";
    public const string BadCardNumberText = "Bad Request: payer.ccnumber is not a card number.";
    public const string TransactionsOnlyText = "Bad Request: transaction endpoints act on Transactions (objectID 46).";
    public const string BadAmountText = "Bad Request: amount must be a positive number of cents.";
    public const string PartialRefundOfOneText = "Bad Request: a partial refund (amount) applies to exactly one transaction.";
    public const string BadDueDateText = "Bad Request: due_date must be unix seconds.";

    public static string MissingParameterText(string name) => $"Bad Request: {name} is required.";

    public static string UnknownContactText(long id) => Invariant($"Bad Request: contact {id} does not exist.");

    public static string UnknownProductText(long id) => Invariant($"Bad Request: product {id} does not exist.");

    public static string BadQuantityText(long productId) => Invariant($"Bad Request: the quantity of product {productId} must be a whole number of 1 or more.");

    public static string BadUnitText(string unit) => $"Bad Request: billing unit '{unit}' is not day, week, month, quarter or year.";

    public static string UnknownGatewayText(long id) => Invariant($"Bad Request: gateway {id} does not exist.");

    public static string InactiveGatewayText(long id) => Invariant($"Bad Request: gateway {id} is not active.");

    public static string UnknownCardText(long id) => Invariant($"Bad Request: credit card {id} does not exist.");

    public static string ForeignCardText(long cardId, long contactId) => Invariant($"Bad Request: credit card {cardId} does not belong to contact {contactId}.");

    public static string NoCardOnFileText(long contactId) => Invariant($"Bad Request: contact {contactId} has no card on file.");

    public static string DeclinedCardText(string last4) => $"Declined: the card ending {last4} was declined by the gateway.";

    public static string ExpiredCardText(string last4) => $"Declined: the card ending {last4} has expired.";

    public static string BadPaymentMethodText(string method) => $"Bad Request: payment_method '{method}' is not check, cash or other.";

    public static string RefundTooLargeText(long id, decimal amount, decimal refundable) =>
        Invariant($"Bad Request: refund of {amount:0.00} is more than the {refundable:0.00} left to refund on transaction {id}.");

    public static string WrongStateText(long id, string status, string verb, string allowed) =>
        Invariant($"Bad Request: transaction {id} is {status}; only {allowed} transactions can be {verb}.");

    public static string BadInvoiceStatusText(string status) => $"Bad Request: status '{status}' is not allowed here (draft or open; an open invoice cannot go back to draft).";

    public static string InactiveOrderText(long id) => Invariant($"Bad Request: order {id} is not active.");

    public static string ForeignOrderText(long orderId, long contactId) => Invariant($"Bad Request: order {orderId} does not belong to contact {contactId}.");

    /// <summary>Gateway ids look like <c>ch_sbx_&lt;account&gt;_&lt;sequence&gt;</c> (refunds <c>re_</c>, voids <c>vo_</c>).</summary>
    public static string ExternalTransactionPrefix(SandboxLedgerKind kind) => kind switch
    {
        SandboxLedgerKind.Refund => "re_sbx_",
        SandboxLedgerKind.Void => "vo_sbx_",
        _ => "ch_sbx_",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
