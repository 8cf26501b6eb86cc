using System.Collections.Frozen;
using System.Globalization;

namespace Ontraport.Client.ObjectTypes;

/// <summary>
/// The built-in object types: the seed's "Available objects" table (ids, access) with the API names of ontraport-api.md
/// §3–4. Which MCP tool serves a type is the server's business, not the client's. Custom objects (≥ 10000) are per
/// account and come from <c>GET objects/meta</c>; see
/// <see cref="ObjectTypeCatalog"/>.
/// </summary>
public static class ObjectTypeRegistry
{
    private const string CoreCrm = "Core CRM";
    private const string Marketing = "Marketing & Automation";
    private const string Commerce = "Commerce & Billing";
    private const string Partners = "Partners & Affiliates";
    private const string SystemApps = "System Apps";
    private const string Internal = "Internal";

    public static IReadOnlyList<ObjectType> BuiltIn { get; } =
    [
        // Core CRM
        Type(0, "Contacts", "Contact", CoreCrm, GenericAccess.All,
            "The central record; interactions, purchases and automations relate back to contacts.",
            ["people", "person", "leads", "customers"], memberships: true),
        Type(1, "Tasks", "Task", CoreCrm, GenericAccess.Get | GenericAccess.Put,
            "Contact-associated tasks (pending, complete or cancelled).",
            ["todos"]),
        Type(3, "Groups", "Group", CoreCrm, GenericAccess.Get,
            "Saved contact groupings with their filter criteria.", ["saved groups", "segments"]),
        Type(4, "Log Items", "Log Item", CoreCrm, GenericAccess.Get,
            "Read-only activity history per contact: emails sent, calls logged, etc.", ["LogItems", "activity", "contact log"]),
        Type(12, "Notes", "Note", CoreCrm, GenericAccess.All,
            "Free-text notes attached to contact records.", []),
        Type(14, "Tags", "Tag", CoreCrm, GenericAccess.All,
            "Labels applied to contacts for segmentation and filtering.", ["contact_cat", "categories"]),
        Type(138, "Tag Subscribers", "Tag Subscriber", CoreCrm, GenericAccess.Get,
            "Join table between contacts and tags.", ["TagSubscribers"]),
        Type(66, "Task Outcomes", "Task Outcome", CoreCrm, GenericAccess.Get,
            "Reference list of valid outcomes for completing a task.", ["TaskOutcomes", "outcomes"]),
        Type(102, "Custom Object Relationships", "Custom Object Relationship", CoreCrm, GenericAccess.Get,
            "Links between contacts and custom objects, or between two contacts.", ["CustomObjectRelationships", "relationships"]),

        // Marketing & Automation
        Type(5, "Sequences", "Sequence", Marketing, GenericAccess.Get,
            "Email or SMS drip sequences.", ["drips"]),
        Type(8, "Sequence Subscribers", "Sequence Subscriber", Marketing, GenericAccess.Get,
            "Join table between contacts and sequences.", ["SequenceSubscribers"]),
        Type(6, "Rules", "Rule", Marketing, GenericAccess.Get,
            "Trigger-based if/then rules configured in the UI.", []),
        Type(7, "Messages", "Message", Marketing, GenericAccess.Get | GenericAccess.Delete,
            "Email, SMS and task messages.", ["emails", "email messages"]),
        Type(20, "Landing Pages", "Landing Page", Marketing, GenericAccess.Get,
            "Landing pages built in the platform.", ["LandingPages", "pages"]),
        Type(23, "Scheduled Broadcasts", "Scheduled Broadcast", Marketing, GenericAccess.Get,
            "One-time email blasts queued to send at a future date.", ["ScheduledBroadcasts", "broadcasts"]),
        Type(80, "Tracked Links", "Tracked Link", Marketing, GenericAccess.Get,
            "Click-tracked links embedded in emails.", ["TrackedLinks"]),
        Type(100, "Automation Log Items", "Automation Log Item", Marketing, GenericAccess.Get,
            "Per-contact history of automation steps fired.", ["AutomationLogItems", "automation log"]),
        Type(140, "Automations", "Automation", Marketing, GenericAccess.Get,
            "Automation workflows (campaign builder). Also reachable by the legacy key 'campaigns'.",
            ["campaigns", "campaign", "CampaignBuilderItems", "CampaignBuilderItem", "campaign builder"]),

        // Commerce & Billing
        Type(16, "Products", "Product", Commerce, GenericAccess.All, "The product catalog.", []),
        Type(17, "Purchases", "Purchase", Commerce, GenericAccess.Get, "Completed purchase records.", []),
        Type(30, "Purchase History Logs", "Purchase History Log", Commerce, GenericAccess.Get,
            "Audit log of changes to purchase records.", ["PurchaseHistoryLogs"]),
        Type(46, "Invoices", "Invoice", Commerce, GenericAccess.Get,
            "Invoice (transaction) records; they change through the transaction/* endpoints.", ["Transactions", "Transaction"]),
        Type(227, "Payments", "Payment", Commerce, GenericAccess.Get,
            "Payments: every charge attempt and manual settlement of an invoice.", []),
        Type(52, "Orders", "Order", Commerce, GenericAccess.Get | GenericAccess.Delete,
            "Recurring order records (subscriptions and payment plans).", []),
        Type(44, "Open Orders", "Open Order", Commerce, GenericAccess.Get,
            "Active subscription orders.", ["OpenOrders", "subscriptions"]),
        Type(45, "Credit Cards", "Credit Card", Commerce, GenericAccess.Get,
            "Payment methods on file for a contact.", ["CreditCards", "cards"]),
        Type(63, "Taxes", "Tax", Commerce, GenericAccess.Get, "Configured tax rates.", ["Taxtypes", "tax types"]),
        Type(64, "Shipping Types", "Shipping Type", Commerce, GenericAccess.Get,
            "Available shipping options.", ["Shippingtypes", "ShippingMethods", "shipping methods", "shipping"]),
        Type(70, "Gateways", "Gateway", Commerce, GenericAccess.Get, "Payment gateway configurations.", ["payment gateways"]),
        // Read by the commerce tools (by id or name) and searched; not offered to the generic tools.
        Type(65, "Offers", "Offer", Commerce, GenericAccess.Get, "Product and pricing offers.", [], exposed: false),

        // Partners & Affiliates
        Type(35, "Partner Programs", "Partner Program", Partners, GenericAccess.Get,
            "Top-level affiliate program definitions.", ["PartnerPrograms", "affiliate programs"]),
        Type(36, "Partners", "Partner", Partners, GenericAccess.Get, "Individual affiliate/partner records.", ["affiliates"]),
        Type(37, "Referrals", "Referral", Partners, GenericAccess.Get, "Referral events generated by partner activity.", []),
        Type(38, "Commissions", "Commission", Partners, GenericAccess.Get, "Commission records owed or paid to partners.", []),

        // System Apps
        Type(149, "Deals", "Deal", SystemApps, GenericAccess.All, "Pipeline deals for sales tracking.", ["opportunities"], memberships: true),
        Type(150, "Companies", "Company", SystemApps, GenericAccess.All,
            "Company/account records that contacts can be associated with.", ["organizations", "accounts"], memberships: true),
        Type(172, "Surveys", "Survey", SystemApps, GenericAccess.Get, "Survey definitions created in the platform.", []),

        // Read for the names of authors and assignees; not resolved from an agent's words.
        Type(2, "Users", "User", Internal, GenericAccess.None, "Staff users of the account.", ["staff", "staffs"], exposed: false),
    ];

    private static readonly FrozenDictionary<int, ObjectType> ById = BuiltIn.ToFrozenDictionary(t => t.Id);

    public static ObjectType? Find(int id) => ById.GetValueOrDefault(id);

    /// <summary>Lower-cases and drops spaces, underscores and hyphens, so "Log Items", "log_items" and "LogItems" compare equal.</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[length++] = char.ToLower(c, CultureInfo.InvariantCulture);
            }
        }

        return new string(buffer[..length]);
    }

    private static ObjectType Type(
        int id, string name, string singular, string category, GenericAccess access, string description,
        string[] aliases, bool exposed = true, bool memberships = false) => new()
        {
            Id = id,
            Name = name,
            SingularName = singular,
            Category = category,
            Access = access,
            Description = description,
            Aliases = aliases,
            Exposed = exposed,
            CarriesMemberships = memberships,
        };
}
