using System.Globalization;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>Tasks (1, ids 4801–4860), Notes (12), Log Items (4) and automation step logs (100) for the contacts.</summary>
internal static class ActivitySeed
{
    private const int TaskCount = 60;
    private const int NoteCount = 150;

    public static void Seed(SeedContext seed)
    {
        SeedTasks(seed);
        SeedNotes(seed);
        SeedLogItems(seed);
        SeedAutomationSteps(seed);
    }

    private static void SeedTasks(SeedContext seed)
    {
        var random = seed.Random;
        var contacts = seed.Store.Table(ObjectTypeIds.Contact);
        AddTask(seed, DemoIds.TaskJohnFollowUpCall, DemoIds.JohnSmith, DemoIds.MessageFollowUpCall, DemoIds.UserSarah, "0", -2, 1, null);
        AddTask(seed, DemoIds.TaskJaneFollowUpCall, DemoIds.JaneDoe, DemoIds.MessageFollowUpCall, DemoIds.UserDavid, "0", -1, 2, null);
        for (var id = DemoIds.FirstTask + 2; id < DemoIds.FirstTask + TaskCount; id++)
        {
            if (id == DemoIds.TaskDemoFollowUp)
            {
                AddTask(seed, id, DemoIds.SarahJohnson, DemoIds.MessageDemoFollowUp, DemoIds.UserSarah, "0", -1, 3, null);
                continue;
            }

            var contact = contacts.Find(random.Next(1, ContactSeed.Total + 1))!;
            var message = random.Weighted((DemoIds.MessageFollowUpCall, 5), (DemoIds.MessageDemoFollowUp, 3), (DemoIds.MessageSendProposal, 2), (DemoIds.MessageOnboardingCheckIn, 2));
            var owner = random.Weighted((DemoIds.UserSarah, 4), (DemoIds.UserDavid, 4), (DemoIds.UserPriya, 2));
            var status = random.Weighted(("0", 40), ("1", 45), ("2", 15));
            var (assignedDaysAgo, dueInDays) = status == "0" ? (random.Next(1, 12), random.Next(-5, 15)) : (random.Next(10, 90), -random.Next(1, 9));
            long? outcome = status == "1" && message is DemoIds.MessageFollowUpCall or DemoIds.MessageDemoFollowUp
                ? random.Weighted((DemoIds.OutcomeInterested, 3), (DemoIds.OutcomeLeftVoicemail, 3), (DemoIds.OutcomeNotInterested, 1), (DemoIds.OutcomeNoAnswer, 2), (DemoIds.OutcomeCallBackLater, 2), (DemoIds.OutcomeMeetingBooked, 2))
                : null;
            AddTask(seed, id, contact.Id, message, owner, status, -assignedDaysAgo, dueInDays, outcome);
        }
    }

    /// <summary>One task: <paramref name="assignedInDays"/> and <paramref name="dueInDays"/> are relative to now (negative = past).</summary>
    private static void AddTask(SeedContext seed, long id, long contactId, long messageId, long owner, string status, double assignedInDays, double dueInDays, long? outcome)
    {
        var contact = seed.Store.Find(ObjectTypeIds.Contact, contactId)!;
        var message = seed.Store.Find(ObjectTypeIds.Message, messageId)!;
        var due = seed.Now.AddDays(dueInDays);
        var assigned = seed.Now.AddDays(Math.Min(assignedInDays, dueInDays - 0.5));
        seed.Insert(
            ObjectTypeIds.Task, id, SeedContext.Unix(assigned),
            ("owner", SeedContext.Text(owner)),
            ("drip_id", "0"),
            ("contact_id", SeedContext.Text(contactId)),
            ("step_num", "0"),
            ("subject", message["subject"]!.Replace("[First Name]", contact["firstname"], StringComparison.Ordinal)),
            ("date_assigned", SeedContext.Unix(assigned)),
            ("date_due", SeedContext.Unix(due)),
            ("date_complete", status == "1" ? SeedContext.Unix(due.AddHours(-seed.Random.Next(1, 30))) : null),
            ("status", status),
            ("type", "0"),
            ("details", message["task_data"]),
            ("hidden", "0"),
            ("call_outcome_id", outcome is { } o ? SeedContext.Text(o) : null),
            ("item_id", SeedContext.Text(messageId)),
            ("object_type_id", "0"),
            ("object_name", "Contacts"));
    }

    private static void SeedNotes(SeedContext seed)
    {
        var random = seed.Random;
        Note(seed, DemoIds.JohnSmith, DemoIds.UserSarah, "1", "Called John: happy with 1:1 coaching, asked about the Annual Subscription upgrade.", 20);
        Note(seed, DemoIds.JohnSmith, DemoIds.UserPriya, "3", "Coaching session with John: reviewed Q4 launch plan and email list growth targets.", 11);
        Note(seed, DemoIds.JohnSmith, DemoIds.UserSarah, "1", "Left voicemail for John about renewing before the price change.", 4);
        Note(seed, DemoIds.JohnSmith, DemoIds.UserSarah, "0", "Prefers calls after 2pm Pacific.", 60);
        Note(seed, DemoIds.JaneDoe, DemoIds.UserDavid, "1", "Called Jane after the webinar: interested in Group Coaching, wants pricing for 3 seats.", 9);
        Note(seed, DemoIds.JaneDoe, DemoIds.UserDavid, "2", "Sent Jane the Acme Corp case study and the membership pricing page.", 8);
        Note(seed, DemoIds.JaneDoe, DemoIds.UserDavid, "0", "Budget approval expected end of month.", 3);
        Note(seed, DemoIds.SarahJohnson, DemoIds.UserSarah, "3", "Demo with Sarah (Acme Corp): team coaching for 6 managers; proposal requested.", 6);

        string[] calls =
        [
            "Called {0}: left voicemail about the Summer Sale.",
            "Called {0}: interested in Group Coaching, asked for a payment plan.",
            "Called {0}: not a fit right now, revisit next quarter.",
            "Called {0}: booked a strategy call for next week.",
            "Called {0}: no answer, will try again Thursday.",
            "Called {0}: asked about the Mastermind application deadline.",
        ];
        string[] notes =
        [
            "{0} mentioned their team is hiring a marketing coordinator.",
            "{0} prefers email over phone.",
            "Referred by a past client; {0} seems high intent.",
            "{0} asked to pause emails until after the holidays.",
        ];
        string[] emails = ["Sent {0} the case study and membership pricing.", "Emailed {0} the webinar replay link."];
        string[] meetings = ["Kickoff session with {0}: set 90-day goals (lead gen, list growth).", "Strategy call with {0}: mapped the launch calendar."];

        var contacts = seed.Store.Table(ObjectTypeIds.Contact);
        for (var i = seed.Store.Table(ObjectTypeIds.Note).Count; i < NoteCount; i++)
        {
            var contact = contacts.Find(random.Next(1, ContactSeed.Total + 1))!;
            var type = random.Weighted(("1", 45), ("0", 25), ("2", 15), ("3", 15));
            string[] templates = type switch { "1" => calls, "0" => notes, "2" => emails, _ => meetings };
            var text = string.Format(CultureInfo.InvariantCulture, random.Pick(templates), contact["firstname"]);
            var created = seed.FromUnix(contact["date"]!);
            var maxDaysAgo = Math.Max(0, (seed.Now - created).TotalDays);
            var daysAgo = Math.Min(maxDaysAgo, random.Chance(0.7) ? random.NextDouble() * 120 : random.NextDouble() * maxDaysAgo);
            Note(seed, contact.Id, random.Weighted((DemoIds.UserSarah, 4), (DemoIds.UserDavid, 4), (DemoIds.UserPriya, 3), (DemoIds.UserAlex, 1)), type, text, daysAgo);
        }
    }

    private static void Note(SeedContext seed, long contactId, long author, string type, string text, double daysAgo)
    {
        var date = seed.DaysAgo(daysAgo);
        seed.Insert(
            ObjectTypeIds.Note, null, date,
            ("contact_id", SeedContext.Text(contactId)), ("object_type_id", "0"), ("author", SeedContext.Text(author)),
            ("type", type), ("data", text), ("dlm", date));
    }

    /// <summary>Per contact: a form fill when created, then sends, opens, clicks, visits and purchases up to the last activity.</summary>
    private static void SeedLogItems(SeedContext seed)
    {
        var random = seed.Random;
        var emails = seed.Store.Table(ObjectTypeIds.Message).Rows.Where(m => m["type"] is "template" or "email").ToList();
        string[] pages = ["Summer Sale", "Free Strategy Call", "Three Marketeers Membership", "Webinar Registration: Marketing That Converts", "Podcast Show Notes"];
        foreach (var contact in seed.Store.Table(ObjectTypeIds.Contact).Rows.ToList())
        {
            var created = seed.FromUnix(contact["date"]!);
            var lastActivity = seed.FromUnix(contact["dla"]!);
            Log(seed, contact.Id, "4", null, $"Filled out form: {random.Pick(pages)}", created);
            foreach (var email in emails)
            {
                var sent = seed.FromUnix(email["date"]!);
                if (sent < created || contact["bulk_mail"] is "0" or "-2" || !random.Chance(0.55))
                {
                    continue;
                }

                Log(seed, contact.Id, "1", email.Id, $"Email sent: {email["subject"]}", sent);
                if (sent <= lastActivity && random.Chance(0.5))
                {
                    var opened = sent.AddHours(random.Next(1, 30));
                    Log(seed, contact.Id, "2", email.Id, $"Email opened: {email["subject"]}", opened > lastActivity ? lastActivity : opened);
                    if (random.Chance(0.3))
                    {
                        Log(seed, contact.Id, "3", email.Id, $"Link clicked in: {email["subject"]}", opened > lastActivity ? lastActivity : opened);
                    }
                }
            }

            if (contact.Decimal("spent") > 0)
            {
                Log(seed, contact.Id, "8", null, $"Purchase: ${contact["spent"]} lifetime", created.AddSeconds((lastActivity - created).TotalSeconds / 2));
            }

            Log(seed, contact.Id, "5", null, $"Visited page: {random.Pick(pages)}", lastActivity);
        }
    }

    private static void Log(SeedContext seed, long contactId, string type, long? messageId, string description, DateTimeOffset when)
    {
        var at = when > seed.Now ? seed.Now : when;
        seed.Insert(
            ObjectTypeIds.LogItem, null, SeedContext.Unix(at),
            ("contact_id", SeedContext.Text(contactId)), ("object_type_id", "0"), ("type", type),
            ("message_id", messageId is { } m ? SeedContext.Text(m) : null), ("description", description));
    }

    /// <summary>Each "Added to automation" entry gets the steps that followed it.</summary>
    private static void SeedAutomationSteps(SeedContext seed)
    {
        string[] steps = ["Sent email: Welcome aboard", "Waited 2 days", "Added tag: newsletter", "Updated field: Sales Stage", "Sent SMS: quick check-in", "Assigned task: Follow-up call"];
        var table = seed.Store.Table(ObjectTypeIds.AutomationLogItem);
        foreach (var added in table.Rows.ToList())
        {
            var start = seed.FromUnix(added["date"]!);
            var count = seed.Random.Next(1, 4);
            for (var step = 1; step <= count; step++)
            {
                var at = start.AddDays(step * 1.5);
                if (at > seed.Now)
                {
                    break;
                }

                seed.Insert(
                    ObjectTypeIds.AutomationLogItem, null, SeedContext.Unix(at),
                    ("contact_id", added["contact_id"]), ("object_type_id", added["object_type_id"]), ("campaign_id", added["campaign_id"]),
                    ("description", seed.Random.Pick(steps)));
            }
        }
    }
}
