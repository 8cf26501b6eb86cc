using Ontraport.Client.Conditions;
using Ontraport.Client.Objects;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Transactions;

/// <summary>Credit card (45) <c>status</c> [V: ontraport-api.md §5.4: 1 active, 2 expired, 3 active default, 4 expired default].</summary>
public enum CardStatus
{
    Active = 1,
    Expired = 2,
    ActiveDefault = 3,
    ExpiredDefault = 4,
}

/// <summary>A card on file (45).</summary>
public sealed record CreditCard(OntraportRecord Record)
{
    public long Id => Record.Id;

    public CardStatus? Status => Record.GetLong("status") is { } code && Enum.IsDefined(typeof(CardStatus), (int)code) ? (CardStatus)code : null;

    public bool IsDefault => Status is CardStatus.ActiveDefault or CardStatus.ExpiredDefault;

    /// <summary>The card's <c>type</c> code (1 Visa … 5 PayPal, see <see cref="Inferred.KnownCodes"/>).</summary>
    public string? TypeCode => Record["type"];

    public string? Last4 => Record["last4"];

    /// <summary>The transaction of the card's latest sale, if any (<c>invoice_id</c>).</summary>
    public long? LastSale => Record.GetLong("invoice_id") is > 0 and var id ? id : null;

    /// <summary>Expired by its status, or by its expiry month having passed.</summary>
    public bool IsExpired(DateTimeOffset now) =>
        Status is CardStatus.Expired or CardStatus.ExpiredDefault ||
        (Record.GetLong("exp_year") is { } year && Record.GetLong("exp_month") is { } month && (year < now.Year || (year == now.Year && month < now.Month)));
}

/// <summary>Why no card could be chosen.</summary>
public enum CardRefusal
{
    None,
    NotOnFile,
    NoCards,
    NoActiveCard,
    Expired,
}

/// <summary>A payment gateway (70). INFERRED fields (README): <c>status</c> (0 inactive; absent counts as active) and <c>currency</c>.</summary>
public sealed record Gateway(OntraportRecord Record)
{
    public const string DefaultCurrency = "USD";

    public long Id => Record.Id;

    public string? Name => Record["name"];

    public bool IsActive => Record["status"] is not "0";

    public string? Currency => Record["currency"] is { Length: > 0 } currency ? currency : null;
}

/// <summary>Why no gateway could be chosen.</summary>
public enum GatewayRefusal
{
    None,
    Unknown,
    Inactive,
    NoneActive,
    Ambiguous,
}

/// <summary>Which transaction statuses each action accepts: the state rules of the transaction endpoints.</summary>
public static class TransactionRules
{
    /// <summary>Still owed (open, declined, in collections): can be paid, marked paid, converted or written off.</summary>
    public static IReadOnlyList<TransactionStatus> Unpaid => InvoiceMapping.Unpaid;

    /// <summary>Only an unsettled charge can be voided.</summary>
    public static IReadOnlyList<TransactionStatus> Voidable { get; } = [TransactionStatus.Pending];

    /// <summary>Settled charges can be refunded.</summary>
    public static IReadOnlyList<TransactionStatus> Refundable { get; } = [TransactionStatus.Paid, TransactionStatus.PartiallyRefunded];

    /// <summary>Failed charges can be charged again.</summary>
    public static IReadOnlyList<TransactionStatus> Retryable { get; } = [TransactionStatus.Declined, TransactionStatus.Collections];

    /// <summary>Drafts and open invoices can be edited.</summary>
    public static IReadOnlyList<TransactionStatus> Editable { get; } = [TransactionStatus.Draft, TransactionStatus.Open];
}

/// <summary>
/// Commerce knowledge over one account, for one call (<see cref="OntraportClient.Commerce"/>): transactions, orders and
/// the records around them, gateways and their currency, cards on file and which one to charge, what is left to refund.
/// Answers are typed; refusals are enums, and the host turns them into words.
/// </summary>
public sealed class CommerceService(OntraportClient client)
{
    private IReadOnlyList<Gateway>? _gateways;

    /// <summary>A transaction (46) by id, or null when there is none.</summary>
    public Task<OntraportRecord?> TransactionAsync(long id, CancellationToken cancellationToken) =>
        client.Objects.GetAsync(TransactionRequests.Transactions, id, cancellationToken);

    /// <summary>An order (52) by id, or null when there is none.</summary>
    public Task<OntraportRecord?> OrderAsync(long id, CancellationToken cancellationToken) =>
        client.Objects.GetAsync(TransactionRequests.Orders, id, cancellationToken);

    /// <summary>
    /// A transaction read after a write Ontraport accepted: best effort, so a failed read never turns what was done into
    /// an error (see <see cref="ReadBack"/>).
    /// </summary>
    public Task<ReadBack<OntraportRecord>> TransactionAfterWriteAsync(long id, CancellationToken cancellationToken) =>
        ReadBack.AfterWriteAsync(ct => TransactionAsync(id, ct), cancellationToken);

    /// <summary>An order read after a write: best effort; a missing order (cancelled by deletion) is a null value, not an error.</summary>
    public Task<ReadBack<OntraportRecord>> OrderAfterWriteAsync(long id, CancellationToken cancellationToken) =>
        ReadBack.AfterWriteAsync(ct => OrderAsync(id, ct), cancellationToken);

    /// <summary>Records of one type by id, in one request (at most 50).</summary>
    public async Task<IReadOnlyDictionary<long, OntraportRecord>> ByIdsAsync(int objectTypeId, IEnumerable<long> ids, IReadOnlyList<string>? fields, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(i => i > 0).Distinct().Take(ListOptions.MaxRange).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<long, OntraportRecord>();
        }

        var records = await client.Objects.ListAsync(objectTypeId, new ListOptions { Selection = RecordSelection.ForIds(wanted), Range = ListOptions.MaxRange, Fields = fields }, cancellationToken);
        return records.ToDictionary(r => r.Id);
    }

    /// <summary>Every record of a type matching <paramref name="criteria"/> (up to <paramref name="max"/>).</summary>
    public async Task<IReadOnlyList<OntraportRecord>> WhereAsync(int objectTypeId, Criteria criteria, int max, CancellationToken cancellationToken) =>
        (await client.Objects.ListAllAsync(objectTypeId, new RecordSelection { Condition = criteria }, max, null, cancellationToken)).Records;

    /// <summary><c>field = value</c>.</summary>
    public static Criteria Equal(string field, long value) => Criteria.Where(Condition.Compare(field, ConditionOperator.Equal, ConditionLiteral.Of(value)));

    /// <summary><c>field IN (statuses)</c>.</summary>
    public static Condition In(string field, IEnumerable<TransactionStatus> statuses) =>
        new(field, ConditionOperator.In, [.. statuses.Select(s => ConditionLiteral.Of((long)s))]);

    /// <summary>The account's gateways, read once per service.</summary>
    public async Task<IReadOnlyList<Gateway>> GatewaysAsync(CancellationToken cancellationToken) =>
        _gateways ??= [.. (await client.Objects.ListAsync(ObjectTypeIds.Gateway, new ListOptions { Range = ListOptions.MaxRange }, cancellationToken)).Select(g => new Gateway(g))];

    /// <summary>The currency of a gateway, else the account's (its active gateways'), else USD.</summary>
    public async Task<string> CurrencyAsync(long? gatewayId, CancellationToken cancellationToken) => (await CurrenciesAsync(cancellationToken))(gatewayId);

    /// <summary>A currency per gateway id for a page of records (one read of Gateways for the whole call).</summary>
    public async Task<Func<long?, string>> CurrenciesAsync(CancellationToken cancellationToken)
    {
        var gateways = await GatewaysAsync(cancellationToken);
        return id => CurrencyOf(gateways, id);
    }

    /// <summary>The gateway the card was last charged through (its latest sale's transaction), if any.</summary>
    public async Task<long?> GatewayLastUsedAsync(CreditCard card, CancellationToken cancellationToken) =>
        card.LastSale is { } sale ? (await TransactionAsync(sale, cancellationToken))?.GetLong("gateway_id") : null;

    /// <summary>The currency of a gateway, else the account's (its first active gateway's), else USD.</summary>
    public static string CurrencyOf(IReadOnlyList<Gateway> gateways, long? gatewayId) =>
        gateways.FirstOrDefault(g => g.Id == gatewayId)?.Currency
            ?? gateways.FirstOrDefault(g => g.IsActive)?.Currency
            ?? Gateway.DefaultCurrency;

    /// <summary>
    /// The gateway to charge through: <paramref name="requested"/>, else <paramref name="usual"/> (the one the invoice or
    /// card last used) when active, else the account's only active gateway.
    /// </summary>
    public static (Gateway? Gateway, GatewayRefusal Refusal) ChooseGateway(IReadOnlyList<Gateway> gateways, long? requested, long? usual)
    {
        if (requested is { } id)
        {
            return gateways.FirstOrDefault(g => g.Id == id) is not { } chosen ? (null, GatewayRefusal.Unknown)
                : chosen.IsActive ? (chosen, GatewayRefusal.None) : (chosen, GatewayRefusal.Inactive);
        }

        var active = gateways.Where(g => g.IsActive).ToList();
        if (active.FirstOrDefault(g => g.Id == usual) is { } usualGateway)
        {
            return (usualGateway, GatewayRefusal.None);
        }

        return active.Count switch
        {
            1 => (active[0], GatewayRefusal.None),
            0 => (null, GatewayRefusal.NoneActive),
            _ => (null, GatewayRefusal.Ambiguous),
        };
    }

    /// <summary>A contact's cards on file.</summary>
    public async Task<IReadOnlyList<CreditCard>> CardsAsync(long contactId, CancellationToken cancellationToken) =>
        [.. (await client.Objects.ListAsync(ObjectTypeIds.CreditCard, new ListOptions
        {
            Selection = new RecordSelection { Condition = Criteria.Where(Condition.Compare("contact_id", ConditionOperator.Equal, ConditionLiteral.Of(contactId))) },
            Range = ListOptions.MaxRange,
        }, cancellationToken)).Select(c => new CreditCard(c))];

    /// <summary>
    /// The card to charge: <paramref name="cardId"/> (it must be on file and not expired), else the default card, else the
    /// most recent active one. A refusal carries the card it concerns when there is one.
    /// </summary>
    public static (CreditCard? Card, CardRefusal Refusal) ChooseCard(IReadOnlyList<CreditCard> cards, long? cardId, DateTimeOffset now)
    {
        var chosen = cardId is { } id
            ? cards.FirstOrDefault(c => c.Id == id)
            : cards.FirstOrDefault(c => c.Status == CardStatus.ActiveDefault) ?? cards.LastOrDefault(c => c.Status == CardStatus.Active);
        if (chosen is null)
        {
            return (null, cardId is not null ? CardRefusal.NotOnFile : cards.Count == 0 ? CardRefusal.NoCards : CardRefusal.NoActiveCard);
        }

        return chosen.IsExpired(now) ? (chosen, CardRefusal.Expired) : (chosen, CardRefusal.None);
    }

    /// <summary>What is left to refund on a transaction: its settled payments (227) less their refunds, else its total.</summary>
    public async Task<decimal> RefundableAsync(OntraportRecord transaction, CancellationToken cancellationToken)
    {
        var criteria = Criteria.Where(Condition.Compare("invoice_id", ConditionOperator.Equal, ConditionLiteral.Of(transaction.Id)));
        var (payments, _) = await client.Objects.ListAllAsync(ObjectTypeIds.Payment, new RecordSelection { Condition = criteria }, 200, null, cancellationToken);
        var settled = payments.Where(p => p.GetLong("status") is (long)PaymentStatus.Succeeded or (long)PaymentStatus.Refunded).ToList();
        return settled.Count == 0
            ? transaction.GetDecimal("total") ?? 0m
            : settled.Sum(p => (p.GetDecimal("amount") ?? 0m) - (p.GetDecimal(InvoiceMapping.RefundedAmount) ?? 0m));
    }
}
