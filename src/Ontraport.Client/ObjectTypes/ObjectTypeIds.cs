namespace Ontraport.Client.ObjectTypes;

/// <summary>
/// The built-in object type ids (the API's <c>objectID</c>, ontraport-api.md §4) the client and the tools name in code.
/// Use these instead of a bare number; <see cref="ObjectTypeRegistry"/> holds the whole table.
/// </summary>
public static class ObjectTypeIds
{
    public const int Contact = 0;
    public const int Task = 1;
    public const int User = 2;
    public const int Group = 3;
    public const int LogItem = 4;
    public const int Sequence = 5;
    public const int Rule = 6;
    public const int Message = 7;
    public const int SequenceSubscriber = 8;
    public const int Note = 12;
    public const int Tag = 14;
    public const int Product = 16;
    public const int Purchase = 17;
    public const int LandingPage = 20;
    public const int ScheduledBroadcast = 23;
    public const int OpenOrder = 44;
    public const int CreditCard = 45;

    /// <summary>Transactions, shown as invoices (meta name <c>Invoice</c>).</summary>
    public const int Transaction = 46;
    public const int Order = 52;
    public const int Tax = 63;
    public const int ShippingMethod = 64;
    public const int Offer = 65;
    public const int TaskOutcome = 66;
    public const int Gateway = 70;
    public const int AutomationLogItem = 100;
    public const int CustomObjectRelationship = 102;
    public const int Form = 122;
    public const int TagSubscriber = 138;

    /// <summary>Automations (campaign builder items).</summary>
    public const int Automation = 140;
    public const int Deal = 149;
    public const int Company = 150;
    public const int Survey = 172;

    /// <summary>Payments (2025, AE only [D]).</summary>
    public const int Payment = 227;
}
