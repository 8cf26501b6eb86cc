using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Schema.Types;

namespace Ontraport.Sandbox.Seed;

/// <summary>Deals (149, ids 1201–1240, #1234 is Acme Corp's), Projects (custom object 10000) and Custom Object Relationships (102).</summary>
internal static class SalesSeed
{
    private const int DealCount = 40;
    private const int ProjectCount = 20;

    public static void Seed(SeedContext seed)
    {
        SeedDeals(seed);
        SeedProjects(seed);
        SeedRelationships(seed);
    }

    private static void SeedDeals(SeedContext seed)
    {
        var random = seed.Random;
        string[] packages =
        [
            "Group Coaching (5 seats)", "Team Membership", "VIP Strategy Day", "Mastermind", "Consulting Retainer",
            "Staff Marketing Workshop", "1:1 Coaching (6 months)",
        ];
        var contacts = seed.Store.Table(ObjectTypeIds.Contact).Rows.ToList();
        for (var id = DemoIds.FirstDeal; id < DemoIds.FirstDeal + DealCount; id++)
        {
            if (id == DemoIds.DealAcmeCoaching)
            {
                Deal(seed, id, "Acme Corp – Team Coaching Package", 12000m, "3", DemoIds.SarahJohnson, DemoIds.CompanyAcme, DemoIds.UserSarah, 45, 21);
                continue;
            }

            var companyId = random.Next(1, CompanySeed.Companies.Length + 1);
            var employees = contacts.Where(c => c[ContactSchema.RelatedCompany] == SeedContext.Text(companyId)).ToList();
            var contact = employees.Count > 0 ? random.Pick(employees) : random.Pick(contacts);
            var stage = random.Weighted(("1", 6), ("2", 6), ("3", 5), ("4", 4), ("5", 5), ("6", 4));
            var value = random.Next(10, 500) * 50m;
            var age = random.Next(10, 300);
            var closeIn = stage is "5" or "6" ? -random.Next(1, Math.Max(2, age - 5)) : random.Next(5, 90);
            Deal(seed, id, $"{CompanySeed.Companies[companyId - 1].Name} – {random.Pick(packages)}", value, stage, contact.Id, companyId,
                random.Weighted((DemoIds.UserSarah, 3), (DemoIds.UserDavid, 3), (DemoIds.UserAlex, 1)), age, closeIn);
        }
    }

    private static void Deal(SeedContext seed, long id, string name, decimal value, string stage, long contactId, long companyId, long owner, int ageDays, int closeInDays)
    {
        var win = stage switch { "1" => 10, "2" => 25, "3" => 50, "4" => 75, "5" => 100, _ => 0 };
        var closed = stage is "5" or "6";
        var size = value switch { < 2000m => "1", < 10000m => "2", _ => "3" };
        var timeframe = closeInDays switch { <= 30 => "1", <= 90 => "2", _ => "3" };
        seed.Insert(
            ObjectTypeIds.Deal, id, seed.DaysAgo(ageDays),
            ("name", name), ("value", SeedContext.Money(value)),
            ("expected_close_date", seed.DaysAhead(closeInDays)), ("expected_win_percent", SeedContext.Text(win)), ("calc", "1"),
            ("primary_contact", SeedContext.Text(contactId)), ("company", SeedContext.Text(companyId)),
            ("weighted_value", SeedContext.Money(value * win / 100m)), ("sales_stage", stage),
            ("actual_close_date", closed ? seed.DaysAhead(closeInDays) : null),
            ("expected_close_timeframe", closed ? null : timeframe), ("deal_size", size),
            ("recent_activity", seed.DaysAgo(Math.Min(ageDays, seed.Random.Next(0, 30)))),
            ("owner", SeedContext.Text(owner)), ("dla", seed.DaysAgo(Math.Min(ageDays, 7))), ("dlm", seed.DaysAgo(Math.Min(ageDays, 5))),
            ("bulk_mail", "0"), ("bulk_sms", "0"));
    }

    private static void SeedProjects(SeedContext seed)
    {
        var random = seed.Random;
        var customers = seed.Store.Table(ObjectTypeIds.Contact).Rows.Where(c => c.Decimal("spent") > 0).ToList();
        string[] programs = ["Leadership Coaching", "Launch Plan", "Email List Growth", "Brand Refresh", "Funnel Audit", "Webinar Series", "Pricing Workshop"];
        (string Name, long Client, long? Company, string Status, decimal Budget)[] fixedProjects =
        [
            ("Acme Corp Leadership Coaching", DemoIds.SarahJohnson, DemoIds.CompanyAcme, "2", 12000m),
            ("John Smith Q4 Launch Plan", DemoIds.JohnSmith, null, "2", 2500m),
        ];
        foreach (var (name, client, company, status, budget) in fixedProjects)
        {
            Project(seed, name, client, company, status, budget, DemoIds.UserAlex, 60, 45);
        }

        while (seed.Store.Table(ObjectTypeIds.Project).Count < ProjectCount)
        {
            var client = random.Pick(customers);
            var company = client.Long(ContactSchema.RelatedCompany);
            var label = company is { } c ? CompanySeed.Companies[c - 1].Name : $"{client["firstname"]} {client["lastname"]}";
            Project(seed, $"{label} {random.Pick(programs)}", client.Id, company, random.Weighted(("1", 3), ("2", 5), ("3", 1), ("4", 4)),
                random.Next(5, 120) * 100m, random.Weighted((DemoIds.UserAlex, 2), (DemoIds.UserPriya, 3)), random.Next(5, 300), random.Next(-30, 120));
        }
    }

    private static void Project(SeedContext seed, string name, long client, long? company, string status, decimal budget, long coach, int startedDaysAgo, int dueInDays) =>
        seed.Insert(
            ObjectTypeIds.Project, null, seed.DaysAgo(startedDaysAgo + 7),
            (AppSchemas.ProjectName, name), (AppSchemas.ProjectClient, SeedContext.Text(client)), (AppSchemas.ProjectStatus, status),
            (AppSchemas.ProjectStart, seed.DaysAgo(startedDaysAgo)), (AppSchemas.ProjectDue, seed.DaysAhead(dueInDays)),
            (AppSchemas.ProjectBudget, SeedContext.Money(budget)), (AppSchemas.ProjectCoach, SeedContext.Text(coach)),
            (AppSchemas.ProjectCompany, company is { } c ? SeedContext.Text(c) : null),
            ("owner", SeedContext.Text(coach)), ("dla", seed.DaysAgo(Math.Min(startedDaysAgo, 10))), ("dlm", seed.DaysAgo(Math.Min(startedDaysAgo, 10))),
            ("bulk_mail", "0"), ("bulk_sms", "0"));

    /// <summary>Project collaborators (project → contact) and referrals (contact → contact).</summary>
    private static void SeedRelationships(SeedContext seed)
    {
        var random = seed.Random;
        foreach (var project in seed.Store.Table(ObjectTypeIds.Project).Rows.Take(12).ToList())
        {
            var collaborator = random.Next(1, ContactSeed.Total + 1);
            Link(seed, "Collaborator", ObjectTypeIds.Project, project.Id, ObjectTypeIds.Contact, collaborator);
        }

        Link(seed, "Referred by", ObjectTypeIds.Contact, DemoIds.EmilyDavis, ObjectTypeIds.Contact, DemoIds.JohnSmith);
        for (var i = 0; i < 8; i++)
        {
            Link(seed, "Referred by", ObjectTypeIds.Contact, random.Next(1, ContactSeed.Total + 1), ObjectTypeIds.Contact, random.Next(7, ContactSeed.Total + 1));
        }
    }

    private static void Link(SeedContext seed, string name, int parentType, long parentId, int childType, long childId) =>
        seed.Insert(
            ObjectTypeIds.CustomObjectRelationship, null, seed.DaysAgo(seed.Random.Next(1, 200)),
            ("name", name), ("parent_object_type_id", SeedContext.Text(parentType)), ("parent_id", SeedContext.Text(parentId)),
            ("child_object_type_id", SeedContext.Text(childType)), ("child_id", SeedContext.Text(childId)));
}
