using System.Globalization;
using System.Text.Json.Nodes;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Commerce;

/// <summary>Which card a charge uses: <c>cc_id</c>, else a new card from <c>payer</c>, else the contact's default card on file.</summary>
internal static class Cards
{
    public static Record ForCharge(ApiContext context, Record contact, long? cardId, JsonObject? payer)
    {
        if (cardId is > 0)
        {
            var card = context.Store.Find(ObjectTypeIds.CreditCard, cardId.Value) ?? throw ApiError.BadRequest(SandboxChoices.UnknownCardText(cardId.Value));
            return card.Long("contact_id") == contact.Id ? card : throw ApiError.BadRequest(SandboxChoices.ForeignCardText(cardId.Value, contact.Id));
        }

        if (JsonValues.Text(payer?["ccnumber"]) is { Length: > 0 } number)
        {
            return FromPayer(context, contact, number, payer!);
        }

        return DefaultOf(context.Store, contact.Id) ?? throw ApiError.BadRequest(SandboxChoices.NoCardOnFileText(contact.Id));
    }

    /// <summary>The contact's active default card, else its most recent active card.</summary>
    public static Record? DefaultOf(AccountStore store, long contactId)
    {
        var cards = store.Table(ObjectTypeIds.CreditCard).Rows.Where(c => c.Long("contact_id") == contactId).ToList();
        return cards.FirstOrDefault(c => c["status"] == "3") ?? cards.LastOrDefault(c => c["status"] == "1");
    }

    private static Record FromPayer(ApiContext context, Record contact, string number, JsonObject payer)
    {
        var digits = new string([.. number.Where(char.IsAsciiDigit)]);
        if (digits.Length is < 12 or > 19)
        {
            throw ApiError.BadRequest(SandboxChoices.BadCardNumberText);
        }

        var table = context.Store.Table(ObjectTypeIds.CreditCard);
        var card = table.Create();
        card["firstname"] = contact["firstname"];
        card["lastname"] = contact["lastname"];
        card["contact_id"] = contact["id"];
        card["last4"] = digits[^4..];
        card["type"] = digits[0] switch { '4' => "1", '5' => "2", '3' => "3", '6' => "4", _ => "6" };
        card["exp_month"] = JsonValues.Long(payer["expire_month"])?.ToString(CultureInfo.InvariantCulture) ?? "12";
        card["exp_year"] = JsonValues.Long(payer["expire_year"])?.ToString(CultureInfo.InvariantCulture) ?? (context.Now.Year + 2).ToString(CultureInfo.InvariantCulture);
        card["status"] = DefaultOf(context.Store, contact.Id) is null ? "3" : "1";
        RecordDefaults.Apply(table.Schema, card, context.UnixNow, context.Store.Seed);
        return card;
    }
}
