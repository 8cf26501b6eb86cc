using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>Groups (3) with their stored criteria, and Scheduled Broadcasts (23) sent to them.</summary>
internal static class GroupSeed
{
    public static void Seed(SeedContext seed)
    {
        var inactiveSince = seed.DaysAgo(180);
        (string Name, int Type, string Criteria)[] groups =
        [
            ("webinar attendees", ObjectTypeIds.Contact, $$$"""[{"field":{"field":"contact_cat"},"op":"LIKE","value":{"value":"%*/*{{{DemoIds.TagWebinarAttendees}}}*/*%"}}]"""),
            ("California contacts", ObjectTypeIds.Contact, """[{"field":{"field":"state"},"op":"=","value":{"value":"CA"}}]"""),
            ("High-value customers", ObjectTypeIds.Contact, """[{"field":{"field":"spent"},"op":">","value":{"value":1000}}]"""),
            ("Inactive 6 months", ObjectTypeIds.Contact, $$$"""[{"field":{"field":"dla"},"op":"<","value":{"value":{{{inactiveSince}}}}}]"""),
            ("Newsletter subscribers", ObjectTypeIds.Contact, """[{"field":{"field":"bulk_mail"},"op":"IN","value":{"list":[{"value":1},{"value":2}]}}]"""),
            ("Open deals", ObjectTypeIds.Deal, """[{"field":{"field":"sales_stage"},"op":"IN","value":{"list":[{"value":1},{"value":2},{"value":3},{"value":4}]}}]"""),
        ];
        var age = 500;
        foreach (var (name, type, criteria) in groups)
        {
            seed.Insert(
                ObjectTypeIds.Group, null, seed.DaysAgo(age),
                ("name", name), ("object_type_id", SeedContext.Text(type)), ("criteria", criteria),
                ("owner", SeedContext.Text(DemoIds.UserAlex)), ("dlm", seed.DaysAgo(age / 4)));
            age -= 60;
        }

        var newsletter = DemoIds.FirstEmailMessage + 2;
        var summerSale = DemoIds.FirstEmailMessage;
        var mastermind = DemoIds.FirstEmailMessage + 3;
        var holiday = DemoIds.FirstEmailMessage + 7;
        var webinarText = DemoIds.FirstEmailMessage + 12;
        (string Name, long Message, string Type, long Group, string Status, double InDays, int Recipients)[] broadcasts =
        [
            ("December newsletter", newsletter, "email", DemoIds.GroupNewsletter, "0", 1.2, 1236),
            ("Summer Sale: final reminder", summerSale, "email", DemoIds.GroupNewsletter, "0", 2.5, 1236),
            ("Webinar reminder text", webinarText, "sms", DemoIds.GroupWebinarAttendees, "0", 3.1, 41),
            ("Holiday gift guide", holiday, "email", DemoIds.GroupNewsletter, "0", 6, 1236),
            ("Mastermind open house invite", mastermind, "email", DemoIds.GroupHighValue, "0", 12, 18),
            ("November newsletter", newsletter, "email", DemoIds.GroupNewsletter, "2", -9, 1215),
            ("Summer Sale launch", summerSale, "email", DemoIds.GroupNewsletter, "2", -4, 1180),
            ("Win-back offer (cancelled)", DemoIds.FirstEmailMessage + 8, "email", DemoIds.GroupInactive, "3", -20, 0),
        ];
        foreach (var (name, message, type, group, status, inDays, recipients) in broadcasts)
        {
            seed.Insert(
                ObjectTypeIds.ScheduledBroadcast, null, seed.DaysAgo(Math.Max(1, -inDays) + 3),
                ("name", name), ("message_id", SeedContext.Text(message)), ("type", type), ("group_id", SeedContext.Text(group)),
                ("status", status), ("send_date", seed.DaysAhead(inDays)), ("recipients", SeedContext.Text(recipients)),
                ("owner", SeedContext.Text(DemoIds.UserAlex)), ("dlm", seed.DaysAgo(1)));
        }
    }
}
