using System.Globalization;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>
/// Tags (14), Sequences (5), Automations (140), Rules (6), Messages (7), Landing Pages (20), Tracked Links (80),
/// Surveys (172) — everything contacts are later subscribed to or engage with.
/// </summary>
internal static class MarketingSeed
{
    public static void Seed(SeedContext seed)
    {
        string[] tags =
        [
            "customer", "vip", "warm lead", "cold lead", "webinar attendees", "newsletter", "summer sale", "coaching client",
            "podcast listener", "referral partner", "workshop 2026", "do not contact",
        ];
        foreach (var tag in tags)
        {
            seed.Insert(ObjectTypeIds.Tag, null, seed.DaysAgo(700), ("tag_name", tag), ("object_type_id", "0"));
        }

        (string Name, int Steps, bool Paused, int Age)[] sequences =
        [
            ("Welcome Series", 5, false, 640), ("New Member Onboarding", 7, false, 500), ("Summer Sale", 4, false, 150),
            ("Webinar Follow-up", 5, false, 320), ("Win-back Re-engagement", 3, true, 260),
        ];
        foreach (var (name, steps, paused, age) in sequences)
        {
            seed.Insert(
                ObjectTypeIds.Sequence, null, seed.DaysAgo(age),
                ("name", name), ("object_type_id", "0"), ("pause", paused ? "1" : "0"), ("owner", "1"),
                ("step_count", SeedContext.Text(steps)), ("dlm", seed.DaysAgo(age / 3)));
        }

        (string Name, bool Paused, int Elements, int Age)[] automations =
        [
            ("Welcome", false, 9, 620), ("Holiday Drip", false, 14, 380), ("Webinar Registration", false, 11, 330),
            ("Abandoned Cart Recovery", false, 6, 210), ("Customer Onboarding", false, 12, 480), ("Lead Nurture", true, 16, 280),
        ];
        foreach (var (name, paused, elements, age) in automations)
        {
            seed.Insert(
                ObjectTypeIds.Automation, null, seed.DaysAgo(age),
                ("name", name), ("object_type_id", "0"), ("pause", paused ? "1" : "0"), ("subs", "0"), ("subs_ever", "0"),
                ("element_num", SeedContext.Text(elements)), ("todos", SeedContext.Text(elements / 4)), ("dlm", seed.DaysAgo(age / 4)));
        }

        SeedRules(seed);
        SeedMessages(seed);
        SeedPages(seed);
    }

    private static void SeedRules(SeedContext seed)
    {
        (string Name, long DripId, string Events, string Conditions, string Actions, bool Paused)[] rules =
        [
            ("Tag buyers as customers", 0, "Contact_purchases_product(0)", "", "Add_contact_to_category(1)", false),
            ("VIP when lifetime value passes $1,000", 0, "Field_is_updated(spent)", "field_is_greater_than(spent,1000)", "Add_contact_to_category(2)", false),
            ("Webinar attendees get the follow-up", 0, "Contact_added_to_category(5)", "", "Add_contact_to_sequence(4)", false),
            ("Warm leads notify sales", 0, "Contact_added_to_category(3)", "", "Notify_user(2);Assign_task(2)", false),
            ("Summer Sale buyers join onboarding", 3, "Contact_purchases_product(8)", "", "Add_contact_to_sequence(2)", false),
            ("Hard bounces leave every sequence", 0, "Email_hard_bounces()", "", "Remove_contact_from_all_sequences()", false),
            ("Do not contact stops everything", 0, "Contact_added_to_category(12)", "", "Remove_contact_from_all_sequences();Unsubscribe_from_all_campaigns()", false),
            ("Round-robin new leads", 1, "Contact_added_to_sequence(1)", "field_is_empty(owner)", "Assign_owner_round_robin(2,3)", true),
        ];
        var age = 600;
        foreach (var (name, dripId, events, conditions, actions, paused) in rules)
        {
            seed.Insert(
                ObjectTypeIds.Rule, null, seed.DaysAgo(age),
                ("drip_id", SeedContext.Text(dripId)), ("events", events), ("conditions", conditions), ("actions", actions),
                ("name", name), ("pause", paused ? "1" : "0"), ("last_action", seed.DaysAgo(seed.Random.Next(0, 20))),
                ("object_type_id", "0"), ("dlm", seed.DaysAgo(age / 5)));
            age -= 55;
        }
    }

    private static void SeedMessages(SeedContext seed)
    {
        (string Name, string Subject, long Owner, int DueDays, string Details, string? Form)[] taskMessages =
        [
            ("Demo follow-up", "Demo follow-up with [First Name]", DemoIds.UserSarah, 2, "Follow up on the product demo: answer questions, confirm the coaching program, propose next steps.", "[{\"field\":\"f1601\",\"alias\":\"Coaching Program\",\"required\":1}]"),
            ("Follow-up call", "Follow-up call with [First Name]", DemoIds.UserSarah, 1, "Call the contact, log the outcome and any notes.", null),
            ("Send proposal", "Send proposal to [First Name]", DemoIds.UserDavid, 3, "Prepare and send the coaching proposal.", null),
            ("Onboarding check-in", "Onboarding check-in: [First Name]", DemoIds.UserPriya, 7, "Check how the first week went and book the kickoff session.", null),
        ];
        foreach (var (name, subject, owner, dueDays, details, form) in taskMessages)
        {
            seed.Insert(
                ObjectTypeIds.Message, null, seed.DaysAgo(400),
                ("alias", name), ("name", name), ("subject", subject), ("type", "task"), ("object_type_id", "0"),
                ("owner", "1"), ("task_data", details), ("due_date", SeedContext.Text(dueDays)),
                ("task_owner", SeedContext.Text(owner)), ("task_form", form), ("dlm", seed.DaysAgo(200)), ("last_save", seed.DaysAgo(200)));
        }

        (string Name, string Subject, string Type, double DaysAgo, int Sent, bool Transactional)[] emails =
        [
            ("Summer Sale: 48 hours left", "48 hours left: the Summer Sale ends Sunday", "template", 2, 1180, false),
            ("Webinar replay", "Replay: Marketing That Converts (90 minutes of playbooks)", "template", 5, 640, false),
            ("November newsletter", "3 campaigns we'd run again (and 1 we wouldn't)", "template", 9, 1215, false),
            ("Mastermind applications", "Last chance: Mastermind applications close Friday", "template", 16, 420, false),
            ("Welcome to Three Marketeers", "Welcome aboard, [First Name]!", "template", 21, 96, false),
            ("Case study: Acme Corp", "How Acme Corp doubled its qualified leads in 90 days", "template", 27, 1160, false),
            ("October newsletter", "The one-page marketing plan (template inside)", "template", 38, 1190, false),
            ("Holiday hours", "Our holiday hours and a small gift", "email", 45, 1105, false),
            ("We miss you", "Still with us, [First Name]?", "template", 58, 310, false),
            ("Invoice reminder", "Your invoice is due", "email", 12, 34, true),
            ("Onboarding checklist", "Your first-week checklist", "template", 33, 58, false),
            ("Podcast episode 112", "New episode: pricing your coaching offer", "template", 74, 980, false),
        ];
        foreach (var (name, subject, type, daysAgo, sent, transactional) in emails)
        {
            var opened = (int)(sent * (0.22 + (seed.Random.NextDouble() * 0.3)));
            var clicked = (int)(opened * (0.08 + (seed.Random.NextDouble() * 0.25)));
            var date = seed.DaysAgo(daysAgo);
            seed.Insert(
                ObjectTypeIds.Message, null, date,
                ("alias", name), ("name", name), ("subject", subject), ("type", type), ("object_type_id", "0"),
                ("owner", "1"), ("from", "owner"), ("send_out_name", "Alex at Three Marketeers"),
                ("reply_to_email", "hello@threemarketeers.com"), ("message_body", $"<p>{subject}</p>"),
                ("transactional_email", transactional ? "1" : "0"),
                ("spam_score", (0.4 + (seed.Random.NextDouble() * 2.2)).ToString("0.0", CultureInfo.InvariantCulture)),
                ("mcsent", SeedContext.Text(sent)), ("mcopened", SeedContext.Text(opened)), ("mcclicked", SeedContext.Text(clicked)),
                ("mcnotopened", SeedContext.Text(sent - opened)), ("mcnotclicked", SeedContext.Text(sent - clicked)),
                ("mcunsub", SeedContext.Text(sent / seed.Random.Next(120, 400))), ("mcabuse", SeedContext.Text(seed.Random.Next(0, 3))),
                ("dlm", date), ("last_save", date));
        }

        (string Name, string Body, double DaysAgo, int Sent)[] texts =
        [
            ("Webinar starts in 1 hour", "We're live in 1 hour! Join here: https://threemarketeers.ontraport.net/webinar", 6, 212),
            ("Summer Sale flash text", "Summer Sale: 30% off the Membership until midnight. Reply STOP to opt out.", 3, 388),
        ];
        foreach (var (name, body, daysAgo, sent) in texts)
        {
            var date = seed.DaysAgo(daysAgo);
            seed.Insert(
                ObjectTypeIds.Message, null, date,
                ("alias", name), ("name", name), ("type", "sms"), ("object_type_id", "0"), ("owner", "1"), ("message_body", body),
                ("mcsent", SeedContext.Text(sent)), ("mcclicked", SeedContext.Text(sent / 9)), ("mcunsub", SeedContext.Text(sent / 150)),
                ("dlm", date), ("last_save", date));
        }
    }

    private static void SeedPages(SeedContext seed)
    {
        (string Name, int Age, int Visits)[] pages =
        [
            ("Summer Sale", 150, 4210), ("Free Strategy Call", 520, 2890), ("Webinar Registration: Marketing That Converts", 330, 3560),
            ("Three Marketeers Membership", 610, 5120), ("Mastermind Application", 240, 980), ("Thank You", 600, 3300),
            ("Podcast Show Notes", 450, 1760), ("Holiday Gift Guide", 40, 610),
        ];
        var uri = 1001;
        foreach (var (name, age, visits) in pages)
        {
            var unique = (int)(visits * 0.72);
            var conversions = (int)(unique * (0.05 + (seed.Random.NextDouble() * 0.2)));
            seed.Insert(
                ObjectTypeIds.LandingPage, null, seed.DaysAgo(age),
                ("name", name), ("domain", "threemarketeers.ontraport.net"), ("uri_id", SeedContext.Text(uri++)), ("design_type", "3"),
                ("rotation", "0"), ("ssl_enabled", "1"), ("lpsent", SeedContext.Text(visits)), ("unique_lpsent", SeedContext.Text(unique)),
                ("lpconvert", SeedContext.Text(conversions)), ("unique_lpconvert", SeedContext.Text((int)(conversions * 0.9))),
                ("last_save", seed.DaysAgo(age / 3)), ("dlm", seed.DaysAgo(age / 3)));
        }

        (string Name, string Url, int Clicks)[] links =
        [
            ("Summer Sale CTA", "https://threemarketeers.ontraport.net/summer-sale", 862), ("Book a strategy call", "https://threemarketeers.ontraport.net/free-strategy-call", 431),
            ("Webinar replay", "https://threemarketeers.ontraport.net/webinar-replay", 377), ("Membership sales page", "https://threemarketeers.ontraport.net/membership", 655),
            ("Podcast episode 112", "https://threemarketeers.ontraport.net/podcast/112", 214), ("Mastermind application", "https://threemarketeers.ontraport.net/mastermind", 98),
        ];
        foreach (var (name, url, clicks) in links)
        {
            seed.Insert(
                ObjectTypeIds.TrackedLink, null, seed.DaysAgo(seed.Random.Next(30, 300)),
                ("name", name), ("url", url), ("clicks", SeedContext.Text(clicks)), ("unique_clicks", SeedContext.Text((int)(clicks * 0.8))));
        }

        seed.Insert(ObjectTypeIds.Survey, null, seed.DaysAgo(200), ("name", "Client Satisfaction Survey"), ("responses", "87"));
        seed.Insert(ObjectTypeIds.Survey, null, seed.DaysAgo(90), ("name", "Webinar Feedback"), ("responses", "143"));
    }
}
