namespace Ontraport.Sandbox.Schema;

/// <summary>The object type ids the emulator's own logic refers to (ontraport-api.md §4).</summary>
internal static class ObjectTypeIds
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
    public const int PurchaseHistoryLog = 30;
    public const int PartnerProgram = 35;
    public const int Partner = 36;
    public const int Referral = 37;
    public const int Commission = 38;
    public const int OpenOrder = 44;
    public const int CreditCard = 45;
    public const int Transaction = 46;
    public const int Order = 52;
    public const int Tax = 63;
    public const int ShippingMethod = 64;
    public const int Offer = 65;
    public const int TaskOutcome = 66;
    public const int Gateway = 70;
    public const int TrackedLink = 80;
    public const int AutomationLogItem = 100;
    public const int CustomObjectRelationship = 102;
    public const int TagSubscriber = 138;
    public const int Automation = 140;
    public const int Deal = 149;
    public const int Company = 150;
    public const int Survey = 172;
    public const int Payment = 227;

    /// <summary>Custom object types have ids from 10000 up (SDK <c>retrieveCustomObjects</c>).</summary>
    public const int FirstCustom = 10000;

    /// <summary>The demo account's custom object "Project".</summary>
    public const int Project = 10000;
}
