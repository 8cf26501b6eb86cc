using System.Globalization;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Commerce;

/// <summary>What the gateway answered a charge.</summary>
internal sealed record GatewayCharge(bool Approved, bool TimedOut, string Message, string ExternalTransactionId, string Currency);

/// <summary>
/// The sandbox's payment gateway: every active gateway record behaves as a test gateway. A card ending
/// <see cref="SandboxChoices.DecliningCardLast4"/> or an expired card is declined; a card ending
/// <see cref="SandboxChoices.TimingOutCardLast4"/> is charged and the answer is then held back
/// (<see cref="SandboxChoices.GatewayTimeoutHold"/>) so the caller times out; every other card is approved. Each action
/// lands in the account's ledger.
/// </summary>
internal static class TestGateway
{
    /// <summary>The gateway of a charge: it must exist and be active (400 otherwise).</summary>
    public static Record ActiveGateway(ApiContext context, long gatewayId)
    {
        var gateway = context.Store.Find(ObjectTypeIds.Gateway, gatewayId)
            ?? throw ApiError.BadRequest(SandboxChoices.UnknownGatewayText(gatewayId));
        return gateway["status"] == "1" ? gateway : throw ApiError.BadRequest(SandboxChoices.InactiveGatewayText(gatewayId));
    }

    public static string CurrencyOf(Record? gateway) => gateway?["currency"] is { Length: > 0 } currency ? currency : SandboxChoices.DefaultCurrency;

    public static GatewayCharge Charge(ApiContext context, Record gateway, Record card, long invoiceId, decimal amount)
    {
        var last4 = card["last4"] ?? "";
        var expired = card["status"] is "2" or "4" || IsPast(card, context.Now);
        var approved = last4 != SandboxChoices.DecliningCardLast4 && !expired;
        var timedOut = approved && last4 == SandboxChoices.TimingOutCardLast4;
        var entry = Log(context, SandboxLedgerKind.Charge, gateway, card, invoiceId, amount, approved, timedOut);
        var message = approved ? SandboxChoices.ApprovedText : expired ? SandboxChoices.ExpiredCardText(last4) : SandboxChoices.DeclinedCardText(last4);
        return new GatewayCharge(approved, timedOut, message, entry.ExternalTransactionId, entry.Currency);
    }

    /// <summary>Money back to a card (refund) or a released authorization (void): always approved.</summary>
    public static SandboxLedgerEntry Return(ApiContext context, SandboxLedgerKind kind, long gatewayId, Record card, long invoiceId, decimal amount) =>
        Log(context, kind, context.Store.Find(ObjectTypeIds.Gateway, gatewayId), card, invoiceId, amount, approved: true, answerLost: false);

    private static SandboxLedgerEntry Log(ApiContext context, SandboxLedgerKind kind, Record? gateway, Record card, long invoiceId, decimal amount, bool approved, bool answerLost) =>
        context.Account.AppendLedger(sequence => new SandboxLedgerEntry(
            sequence,
            context.Now,
            kind,
            gateway?.Id ?? 0,
            card.Id,
            card["last4"] ?? "",
            card.Long("contact_id") ?? 0,
            invoiceId,
            amount,
            CurrencyOf(gateway),
            approved,
            answerLost,
            string.Create(CultureInfo.InvariantCulture, $"{SandboxChoices.ExternalTransactionPrefix(kind)}{context.Account.AccountId}_{sequence:000000}")));

    private static bool IsPast(Record card, DateTimeOffset now) =>
        card.Long("exp_year") is { } year && card.Long("exp_month") is { } month && month is >= 1 and <= 12
        && (year < now.Year || (year == now.Year && month < now.Month));
}
