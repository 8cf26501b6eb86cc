namespace Ontraport.Sandbox.Seed;

/// <summary>
/// Ids of the demo records the use-case prompts name (shared/seeds/000): tests and docs can rely on them.
/// </summary>
internal static class DemoIds
{
    // Users (2)
    public const long UserAlex = 1;
    public const long UserSarah = 2;
    public const long UserDavid = 3;
    public const long UserPriya = 4;

    // Contacts (0)
    public const long JohnSmith = 1;
    public const long JaneDoe = 2;
    public const long SarahJones = 3;
    public const long MikeTurner = 4;
    public const long SarahJohnson = 5;
    public const long EmilyDavis = 6;

    // Tags (14)
    public const long TagCustomer = 1;
    public const long TagVip = 2;
    public const long TagWarmLead = 3;
    public const long TagColdLead = 4;
    public const long TagWebinarAttendees = 5;
    public const long TagNewsletter = 6;
    public const long TagSummerSale = 7;
    public const long TagCoachingClient = 8;
    public const long TagPodcastListener = 9;
    public const long TagReferralPartner = 10;
    public const long TagWorkshop = 11;
    public const long TagDoNotContact = 12;

    // Sequences (5)
    public const long SequenceWelcome = 1;
    public const long SequenceOnboarding = 2;
    public const long SequenceSummerSale = 3;
    public const long SequenceWebinarFollowUp = 4;
    public const long SequenceWinBack = 5;

    // Automations (140)
    public const long AutomationWelcome = 1;
    public const long AutomationHolidayDrip = 2;
    public const long AutomationWebinarRegistration = 3;
    public const long AutomationAbandonedCart = 4;
    public const long AutomationCustomerOnboarding = 5;
    public const long AutomationLeadNurture = 6;

    // Groups (3)
    public const long GroupWebinarAttendees = 1;
    public const long GroupCalifornia = 2;
    public const long GroupHighValue = 3;
    public const long GroupInactive = 4;
    public const long GroupNewsletter = 5;
    public const long GroupOpenDeals = 6;

    // Messages (7): task messages first, then emails and SMS.
    public const long MessageDemoFollowUp = 1;
    public const long MessageFollowUpCall = 2;
    public const long MessageSendProposal = 3;
    public const long MessageOnboardingCheckIn = 4;
    public const long FirstEmailMessage = 5;

    // Task outcomes (66)
    public const long OutcomeInterested = 1;
    public const long OutcomeLeftVoicemail = 2;
    public const long OutcomeNotInterested = 3;
    public const long OutcomeNoAnswer = 4;
    public const long OutcomeCallBackLater = 5;
    public const long OutcomeMeetingBooked = 6;

    // Tasks (1): ids 4801–4860.
    public const long FirstTask = 4801;
    public const long TaskJohnFollowUpCall = 4801;
    public const long TaskJaneFollowUpCall = 4802;
    public const long TaskDemoFollowUp = 4821;

    // Companies (150) and deals (149): deals are 1201–1240.
    public const long CompanyAcme = 1;
    public const long CompanyOldCompany = 19;
    public const long FirstDeal = 1201;
    public const long DealAcmeCoaching = 1234;

    // Landing pages (20)
    public const long PageSummerSale = 1;

    // Products (16)
    public const long ProductMembership = 1;
    public const long ProductAnnual = 2;
    public const long ProductConsulting = 3;
    public const long ProductCoachingSession = 4;
    public const long ProductGroupCoaching = 5;
    public const long ProductMastermind = 6;
    public const long ProductWorkshopTicket = 9;

    // Offers (65)
    public const long OfferSummerPromo = 1;

    // Gateways (70)
    public const long GatewayTest = 1;
    public const long GatewayStripe = 2;

    // Invoices / transactions (46): ids 1221–1245.
    public const long FirstInvoice = 1221;
    public const long InvoiceJohnUnpaidConsulting = 1234;
    public const long InvoiceJohnDeclinedMembership = 1238;
    public const long InvoiceJohnPaidAnnual = 1240;
    public const long InvoiceJanePending = 1241;
    public const long InvoiceOverdue = 1244;
    public const long InvoiceJohnDraft = 1246;

    // Invoices the seed's Commerce prompts name (CommerceLifecycleSeed).
    public const long InvoiceToWriteOff = 3456;
    public const long InvoiceToCollections = 7890;
    public const long InvoiceToMarkPaid = 9012;

    // Orders (52)
    public const long OrderJohnMembership = 1;
}
