using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Client;
using Ontraport.Client.Conditions;
using Ontraport.Client.Http;
using Ontraport.Client.Inferred;
using Ontraport.Client.Metadata;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Client.Transactions;

namespace Ontraport.Mcp.Server.Tools.Commerce;

/// <summary>
/// What the Commerce tools share for one call: reading transactions, cards, gateways and currency, the state rules, and
/// the one place a money-moving request is sent (<see cref="SendOnceAsync"/>). Created per tool call.
/// </summary>
public sealed class Billing(ToolSession session, RecordLookup lookup)
{
    public const int Contacts = ObjectTypeIds.Contact;
    public const int Purchases = ObjectTypeIds.Purchase;
    public const int OpenOrders = ObjectTypeIds.OpenOrder;
    public const int CreditCards = ObjectTypeIds.CreditCard;
    public const int Products = ObjectTypeIds.Product;
    public const int Gateways = ObjectTypeIds.Gateway;

    /// <summary>Offers (65) are not in the generic tools' registry; the Commerce tools read them by id or name.</summary>
    public static readonly ObjectType Offers = new()
    {
        Id = ObjectTypeIds.Offer, Name = "Offers", SingularName = "Offer", Category = "Commerce & Billing",
        Description = "Product and pricing offers.", Access = GenericAccess.Get, Exposed = false,
    };

    public ToolSession Session => session;

    public RecordLookup Lookup => lookup;

    public OntraportClient Client => session.Client;

    /// <summary>A transaction (46) by id; a missing one is an error naming <paramref name="argument"/>.</summary>
    public async Task<OntraportRecord> TransactionAsync(long id, string argument, CancellationToken cancellationToken) =>
        id <= 0
            ? throw new ToolInputException($"{argument} must be a transaction (invoice) id, as get_invoices shows it.")
            : await Client.Objects.GetAsync(TransactionRequests.Transactions, id, cancellationToken)
                ?? throw new ToolInputException($"{argument}: there is no invoice or transaction {id}. Find it with get_invoices.");

    /// <summary>
    /// A transaction read after a write Ontraport accepted: best effort, so a failed read never turns what was done into an
    /// error (see <see cref="AfterWrite"/>).
    /// </summary>
    public Task<ReadBack<OntraportRecord>> TransactionAfterWriteAsync(long id, CancellationToken cancellationToken) =>
        ReadBack.AfterWriteAsync(ct => Client.Objects.GetAsync(TransactionRequests.Transactions, id, ct), cancellationToken);

    /// <summary>
    /// Adds the invoice a create (or a logged purchase) made to <paramref name="answer"/>: its id as Ontraport returned
    /// it, and the invoice read back, or a note that it could not be read. Never fails: the invoice exists.
    /// </summary>
    public async Task AddCreatedInvoiceAsync(JsonObject answer, long? invoiceId, long contactId, CancellationToken cancellationToken)
    {
        if (invoiceId is not { } id)
        {
            answer[AfterWrite.Key] = string.Create(CultureInfo.InvariantCulture,
                $"Done, but Ontraport did not say the new invoice's id; find it with get_invoices (contact: {contactId}, since: today). Do not repeat the call.");
            return;
        }

        answer["invoice_id"] = id;
        var invoice = await TransactionAfterWriteAsync(id, cancellationToken);
        if (invoice.Value is { } read)
        {
            answer["invoice"] = (await ViewAsync(cancellationToken)).Invoice(read, detailed: true);
        }
        else
        {
            answer[AfterWrite.Key] = AfterWrite.Note(invoice, $"invoice {id}", CheckInvoice(id));
        }
    }

    /// <summary>Adds the transaction as it now stands to <paramref name="answer"/>, or a note that it could not be read back.</summary>
    public async Task<JsonObject> WithInvoiceAfterWriteAsync(JsonObject answer, long id, CommerceView view, CancellationToken cancellationToken)
    {
        var read = await TransactionAfterWriteAsync(id, cancellationToken);
        if (read.Value is { } now)
        {
            answer["invoice"] = view.Invoice(now, detailed: true);
        }
        else
        {
            answer["invoice_id"] = id;
            answer[AfterWrite.Key] = AfterWrite.Note(read, $"invoice {id}", CheckInvoice(id));
        }

        return answer;
    }

    /// <summary>An order (52) read after a write: best effort; a missing order (cancelled by deletion) is a null value, not an error.</summary>
    public Task<ReadBack<OntraportRecord>> OrderAfterWriteAsync(long id, CancellationToken cancellationToken) =>
        ReadBack.AfterWriteAsync(ct => Client.Objects.GetAsync(TransactionRequests.Orders, id, ct), cancellationToken);

    /// <summary>How to look at a transaction when its read-back failed.</summary>
    public static string CheckInvoice(long id) => string.Create(CultureInfo.InvariantCulture, $"check it with get_invoices (invoice_id: {id})");

    /// <summary>The contact a transaction, order or payment belongs to (its <c>contact_id</c>).</summary>
    public Task<OntraportRecord> ContactOfAsync(OntraportRecord record, CancellationToken cancellationToken) =>
        lookup.ContactAsync((record.GetLong("contact_id") ?? 0).ToString(CultureInfo.InvariantCulture), cancellationToken, "contact_id");

    /// <summary>Records of one type by id, in one request (at most 50).</summary>
    public async Task<IReadOnlyDictionary<long, OntraportRecord>> ByIdsAsync(int objectTypeId, IEnumerable<long> ids, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(i => i > 0).Distinct().Take(ListOptions.MaxRange).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<long, OntraportRecord>();
        }

        var records = await Client.Objects.ListAsync(objectTypeId, new ListOptions { Selection = RecordSelection.ForIds(wanted), Range = ListOptions.MaxRange, Fields = fields }, cancellationToken);
        return records.ToDictionary(r => r.Id);
    }

    /// <summary>Every record of a type matching <paramref name="criteria"/> (up to <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<OntraportRecord>> WhereAsync(int objectTypeId, Criteria criteria, int max, CancellationToken cancellationToken) =>
        (await Client.Objects.ListAllAsync(objectTypeId, new RecordSelection { Condition = criteria }, max, null, cancellationToken)).Records;

    public static Criteria Equal(string field, long value) => Criteria.Where(Condition.Compare(field, ConditionOperator.Equal, ConditionLiteral.Of(value)));

    public static Condition In(string field, IEnumerable<TransactionStatus> statuses) =>
        new(field, ConditionOperator.In, [.. statuses.Select(s => ConditionLiteral.Of((long)s))]);

    // ---------- gateways and currency (the rules are the client's CommerceService) ----------

    public CommerceService Commerce { get; } = new(session.Client);

    /// <summary>The currency of a gateway, else the account's (its active gateways'), else USD.</summary>
    public async Task<string> CurrencyAsync(long? gatewayId, CancellationToken cancellationToken) => (await CurrenciesAsync(cancellationToken))(gatewayId);

    /// <summary>A currency per gateway id for a page of records (one read of Gateways for the whole call).</summary>
    public async Task<Func<long?, string>> CurrenciesAsync(CancellationToken cancellationToken)
    {
        var gateways = await Commerce.GatewaysAsync(cancellationToken);
        return id => CommerceService.CurrencyOf(gateways, id);
    }

    /// <summary>A view for this call's answers.</summary>
    public async Task<CommerceView> ViewAsync(CancellationToken cancellationToken) =>
        new(await CurrenciesAsync(cancellationToken), session.Time.GetUtcNow(), await Client.GetMetadataAsync(cancellationToken));

    /// <summary>One page of a commerce list, newest first, read together with its count and sums and this call's view.</summary>
    public async Task<(IReadOnlyList<OntraportRecord> Records, CollectionInfo Info, CommerceView View)> NewestPageAsync(
        int objectTypeId, Criteria? criteria, QueryPage page, CancellationToken cancellationToken)
    {
        var selection = new RecordSelection { Condition = criteria };
        var list = session.Client.Objects.ListAsync(objectTypeId, page.Options(selection, "date", SortDirection.Descending), cancellationToken);
        var info = session.Client.Objects.GetInfoAsync(objectTypeId, selection, cancellationToken);
        var view = ViewAsync(cancellationToken);
        await Task.WhenAll(list, info, view);
        return (list.Result, info.Result, view.Result);
    }

    /// <summary>
    /// The gateway to charge through (see <see cref="CommerceService.ChooseGateway"/>); a refusal is an error that lists the
    /// active gateways.
    /// </summary>
    public async Task<OntraportRecord> ChargeGatewayAsync(long? requested, long? usual, CancellationToken cancellationToken)
    {
        var gateways = await Commerce.GatewaysAsync(cancellationToken);
        var active = gateways.Where(g => g.IsActive).ToList();
        var (gateway, refusal) = CommerceService.ChooseGateway(gateways, requested, usual);
        return refusal switch
        {
            GatewayRefusal.None => gateway!.Record,
            GatewayRefusal.Unknown => throw new ToolInputException($"gateway_id: there is no gateway {requested}. Active gateways: {Describe(active)}."),
            GatewayRefusal.Inactive => throw new ToolInputException($"gateway_id: gateway {requested} ({gateway!.Name}) is inactive. Active gateways: {Describe(active)}."),
            GatewayRefusal.NoneActive => throw new ToolInputException("This account has no active payment gateway; nothing can be charged. Record payments made elsewhere with log_offline_purchase."),
            _ => throw new ToolInputException($"gateway_id is required: this account has {active.Count} active gateways ({Describe(active)}). get_account_info lists them."),
        };
    }

    /// <summary>The gateway the card was last charged through (its latest sale's transaction), if any.</summary>
    public async Task<long?> GatewayLastUsedAsync(OntraportRecord card, CancellationToken cancellationToken) =>
        new CreditCard(card).LastSale is { } sale
            ? (await Client.Objects.GetAsync(TransactionRequests.Transactions, sale, cancellationToken))?.GetLong("gateway_id")
            : null;

    private static string Describe(IEnumerable<Gateway> gateways) =>
        string.Join("; ", gateways.Select(g => $"{g.Id} {g.Name}")) is { Length: > 0 } text ? text : "none";

    // ---------- cards ----------

    /// <summary>The card to charge (see <see cref="CommerceService.ChooseCard"/>); a refusal is an error naming the contact's cards.</summary>
    public async Task<OntraportRecord> CardAsync(OntraportRecord contact, long? cardId, CancellationToken cancellationToken)
    {
        var cards = await Commerce.CardsAsync(contact.Id, cancellationToken);
        var name = RecordFields.PersonName(contact);
        var (card, refusal) = CommerceService.ChooseCard(cards, cardId, session.Time.GetUtcNow());
        return refusal switch
        {
            CardRefusal.None => card!.Record,
            CardRefusal.NotOnFile => throw new ToolInputException($"card_id: card {cardId} is not on file for {name} ({contact.Id}). Their cards: {DescribeCards(cards)}."),
            CardRefusal.NoCards => throw new ToolInputException($"{name} ({contact.Id}) has no card on file. Record a payment made elsewhere with log_offline_purchase."),
            CardRefusal.NoActiveCard => throw new ToolInputException($"{name} ({contact.Id}) has no active card on file ({DescribeCards(cards)})."),
            _ => throw new ToolInputException($"The {CardLabel(card!.Record)} ({card.Id}) of {name} has expired; nothing was charged. Use another card_id or ask the customer for a new card."),
        };
    }

    public static string CardLabel(OntraportRecord card) =>
        $"{KnownCodes.For(CreditCards, "type")?.GetValueOrDefault(card["type"] ?? "") ?? "card"} ending {card["last4"]}";

    private static string DescribeCards(IEnumerable<CreditCard> cards) =>
        string.Join("; ", cards.Select(c => $"{c.Id} {CardLabel(c.Record)}")) is { Length: > 0 } text ? text : "none";

    // ---------- state rules ----------

    public static TransactionStatus StatusOf(OntraportRecord transaction) =>
        InvoiceMapping.StatusOf(transaction) ?? throw new ToolInputException($"Transaction {transaction.Id} has status '{transaction["status"]}', which this server does not know; change it in Ontraport.");

    /// <summary>The transaction's status when it is one of <paramref name="allowed"/>; otherwise an error saying why and what to use.</summary>
    public static TransactionStatus Require(OntraportRecord transaction, string action, IReadOnlyCollection<TransactionStatus> allowed, string? otherwise = null)
    {
        var status = StatusOf(transaction);
        if (allowed.Contains(status))
        {
            return status;
        }

        var advice = status switch
        {
            TransactionStatus.Draft => " Finalize it first with update_invoice (status: open).",
            TransactionStatus.Paid or TransactionStatus.PartiallyRefunded when otherwise is null => " A settled charge is refunded with refund_transaction.",
            _ => "",
        };
        var words = allowed.Select(InvoiceMapping.Word).ToList();
        var allowedText = words.Count == 1 ? words[0] : $"{string.Join(", ", words.SkipLast(1))} or {words[^1]}";
        throw new ToolInputException($"Transaction {transaction.Id} is {InvoiceMapping.Word(status)}; only {allowedText} transactions can be {action}.{otherwise ?? advice} Nothing was sent.");
    }

    /// <summary>What is left to refund (see <see cref="CommerceService.RefundableAsync"/>).</summary>
    public Task<decimal> RefundableAsync(OntraportRecord transaction, CancellationToken cancellationToken) =>
        Commerce.RefundableAsync(transaction, cancellationToken);

    // ---------- sending ----------

    /// <summary>
    /// Sends a request that may move money or create a record, exactly once (the client never retries it). When no
    /// answer comes back the outcome is unknown: the error says so and how to check (<paramref name="howToCheck"/>)
    /// before anything is tried again. The one catch of the Commerce tools.
    /// </summary>
    public async Task<OntraportResponse> SendOnceAsync(OntraportRequest request, string howToCheck, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.SendAsync(request, cancellationToken);
        }
        catch (OntraportException ex) when (ex.Kind == OntraportErrorKind.OutcomeUnknown)
        {
            throw new OutcomeUnknownException($"Outcome unknown: {ex.Message} {howToCheck} Do not repeat the call before checking.", ex);
        }
    }

    /// <summary>
    /// How to check, after an unknown outcome of a money-moving call, whether <paramref name="what"/> (e.g. "the charge
    /// went through"), and that the duplicate guard now stands in the way of a blind repeat.
    /// </summary>
    public static string HowToCheck(string what, long contactId, long? transactionId = null) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Check whether {what} with get_invoices ({(transactionId is { } id ? $"invoice_id: {id}" : $"contact: {contactId}, since: today")}) or get_payments (contact: {contactId}). ") +
        "An identical call within 10 minutes is refused unless allow_duplicate: true.";
}
