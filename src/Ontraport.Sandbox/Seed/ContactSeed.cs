using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Schema.Types;

namespace Ontraport.Sandbox.Seed;

/// <summary>
/// Contacts (0): the six people the use-case prompts name (ids 1–6), then generated contacts up to 200 with
/// addresses (about a fifth in CA), owners, mail statuses, lifetime values, dates over 18 months, tags,
/// sequences and automations.
/// </summary>
internal static class ContactSeed
{
    public const int Total = 200;

    public static void Seed(SeedContext seed)
    {
        var emails = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "John Smith", "Jane Doe", "Sarah Jones", "Mike Turner", "Sarah Johnson", "Emily Davis",
        };

        foreach (var person in NotablePeople())
        {
            emails.Add(person.Email);
            Add(seed, person);
        }

        for (var id = 7; id <= Total; id++)
        {
            Add(seed, Generate(seed, id, names, emails));
        }
    }

    private static IEnumerable<Person> NotablePeople()
    {
        yield return new Person(DemoIds.JohnSmith, "John", "Smith", "john.smith@example.com", "CA", "Los Angeles", "90012", "213", 400, 3)
        {
            Owner = DemoIds.UserSarah, BulkMail = "2", BulkSms = "1", Spent = 1847m, Stage = "2", Company = "Smith & Partners", Title = "Owner",
            CoachingProgram = "2", LeadSource = "Podcast",
            Tags = [DemoIds.TagCustomer, DemoIds.TagVip, DemoIds.TagCoachingClient, DemoIds.TagNewsletter],
            Sequences = [DemoIds.SequenceWelcome],
            Automations = [DemoIds.AutomationWelcome, DemoIds.AutomationCustomerOnboarding],
        };
        yield return new Person(DemoIds.JaneDoe, "Jane", "Doe", "jane.doe@example.com", "TX", "Austin", "78701", "512", 75, 1)
        {
            Owner = DemoIds.UserDavid, BulkMail = "1", BulkSms = "1", Spent = 348m, Stage = "4", Title = "Marketing Manager", LeadSource = "Webinar",
            WebinarDaysAgo = 62,
            Tags = [DemoIds.TagCustomer, DemoIds.TagWebinarAttendees, DemoIds.TagWarmLead, DemoIds.TagNewsletter],
            Sequences = [DemoIds.SequenceWebinarFollowUp],
            Automations = [DemoIds.AutomationWebinarRegistration, DemoIds.AutomationLeadNurture],
        };
        yield return new Person(DemoIds.SarahJones, "Sarah", "Jones", "sarah.jones@example.net", "CA", "San Francisco", "94103", "415", 200, 12)
        {
            Owner = DemoIds.UserSarah, BulkMail = "1", Stage = "6", Company = "Acme Corp", Title = "Operations Manager", LeadSource = "LinkedIn",
            Tags = [DemoIds.TagPodcastListener, DemoIds.TagNewsletter],
            Automations = [DemoIds.AutomationHolidayDrip],
        };
        yield return new Person(DemoIds.MikeTurner, "Mike", "Turner", "mike@oldcompany.com", "NV", "Las Vegas", "89101", "702", 510, 400)
        {
            Owner = DemoIds.UserDavid, BulkMail = "0", Stage = "1", Company = "Old Company LLC", CompanyId = DemoIds.CompanyOldCompany, Title = "Owner",
            LeadSource = "Google", Tags = [DemoIds.TagColdLead],
        };
        yield return new Person(DemoIds.SarahJohnson, "Sarah", "Johnson", "sarah@acme.com", "CA", "Los Angeles", "90021", "213", 120, 6)
        {
            Owner = DemoIds.UserSarah, BulkMail = "2", BulkSms = "1", Stage = "5", Company = "Acme Corp", CompanyId = DemoIds.CompanyAcme,
            Title = "Marketing Director", LeadSource = "Referral", WebinarDaysAgo = 95,
            Tags = [DemoIds.TagWarmLead, DemoIds.TagWebinarAttendees, DemoIds.TagNewsletter],
            Automations = [DemoIds.AutomationWelcome],
        };
        yield return new Person(DemoIds.EmilyDavis, "Emily", "Davis", "emily.davis@example.org", "CA", "San Diego", "92101", "619", 480, 2)
        {
            Owner = DemoIds.UserAlex, BulkMail = "2", BulkSms = "2", Spent = 4250m, Stage = "2", Company = "Umbrella Wellness", CompanyId = 4,
            Title = "Founder", CoachingProgram = "3", LeadSource = "Referral",
            Tags = [DemoIds.TagCustomer, DemoIds.TagVip, DemoIds.TagCoachingClient, DemoIds.TagNewsletter],
            Sequences = [DemoIds.SequenceOnboarding],
            Automations = [DemoIds.AutomationCustomerOnboarding, DemoIds.AutomationHolidayDrip],
        };
    }

    private static Person Generate(SeedContext seed, long id, HashSet<string> names, HashSet<string> emails)
    {
        var random = seed.Random;
        string first, last;
        do
        {
            first = random.Pick(DemoNames.FirstNames);
            last = random.Pick(DemoNames.LastNames);
        }
        while (!names.Add($"{first} {last}"));

        var companyIndex = random.Chance(0.3) ? random.Next(CompanySeed.Companies.Length) : -1;
        if (companyIndex == DemoIds.CompanyOldCompany - 1)
        {
            companyIndex = -1;
        }

        string state, city, zip, areaCode, email;
        if (companyIndex >= 0)
        {
            var company = CompanySeed.Companies[companyIndex];
            (state, city, zip, areaCode) = (company.State, company.City, company.Zip, company.AreaCode);
            email = $"{Slug(first)}@{company.Domain}";
        }
        else
        {
            var region = random.Weighted(DemoNames.States.Select(s => (s, s.Weight)).ToArray());
            (city, zip, areaCode) = random.Pick(region.Cities);
            state = region.State;
            email = $"{Slug(first)}.{Slug(last)}@{random.Pick(DemoNames.EmailDomains)}";
        }

        var suffix = 2;
        var unique = email;
        while (!emails.Add(unique))
        {
            unique = email.Replace("@", $"{suffix++}@", StringComparison.Ordinal);
        }

        var ageDays = random.Next(0, 548);
        var activity = random.Weighted(("recent", 65), ("middle", 20), ("stale", 15));
        var dlaDaysAgo = activity switch
        {
            "recent" => random.Next(0, 45),
            "middle" => random.Next(46, 181),
            _ => random.Next(181, 420),
        };
        dlaDaysAgo = Math.Min(dlaDaysAgo, ageDays);
        var customer = random.Chance(0.35);
        var bigSpender = customer && random.Chance(0.4);
        var person = new Person(id, first, last, unique, state, city, zip, areaCode, ageDays, dlaDaysAgo)
        {
            Owner = random.Weighted((DemoIds.UserSarah, 4), (DemoIds.UserDavid, 4), (DemoIds.UserPriya, 2), (DemoIds.UserAlex, 1)),
            BulkMail = random.Weighted(("1", 55), ("2", 25), ("0", 12), ("-2", 5), ("-5", 3)),
            BulkSms = random.Weighted(("0", 45), ("1", 40), ("2", 12), ("-2", 3)),
            Spent = !customer ? 0m : bigSpender ? random.Dollars(1000, 6000) : random.Dollars(29, 999),
            Stage = customer ? "2" : random.Pick<string>(["1", "3", "4", "5", "6", "7", "7"]),
            Company = companyIndex >= 0 ? CompanySeed.Companies[companyIndex].Name : null,
            CompanyId = companyIndex >= 0 ? companyIndex + 1 : null,
            Title = companyIndex >= 0 || random.Chance(0.4) ? random.Pick(DemoNames.Titles) : null,
            CoachingProgram = customer && random.Chance(0.6) ? random.Pick<string>(["1", "2", "3", "4"]) : null,
            LeadSource = random.Pick(DemoNames.LeadSources),
        };

        var tags = new List<long>();
        if (customer)
        {
            tags.Add(DemoIds.TagCustomer);
        }

        if (bigSpender && random.Chance(0.75))
        {
            tags.Add(DemoIds.TagVip);
        }

        AddIf(tags, !customer && random.Chance(0.18), DemoIds.TagWarmLead);
        AddIf(tags, !customer && !tags.Contains(DemoIds.TagWarmLead) && random.Chance(0.15), DemoIds.TagColdLead);
        var webinar = random.Chance(0.2);
        AddIf(tags, webinar, DemoIds.TagWebinarAttendees);
        AddIf(tags, person.BulkMail is "1" or "2" && random.Chance(0.6), DemoIds.TagNewsletter);
        AddIf(tags, random.Chance(0.1), DemoIds.TagSummerSale);
        AddIf(tags, customer && random.Chance(0.5), DemoIds.TagCoachingClient);
        AddIf(tags, random.Chance(0.1), DemoIds.TagPodcastListener);
        AddIf(tags, random.Chance(0.04), DemoIds.TagReferralPartner);
        AddIf(tags, random.Chance(0.08), DemoIds.TagWorkshop);
        var doNotContact = person.BulkMail == "0" && random.Chance(0.25);
        AddIf(tags, doNotContact, DemoIds.TagDoNotContact);

        var sequences = new List<long>();
        var automations = new List<long>();
        if (!doNotContact)
        {
            AddIf(sequences, ageDays <= 60, DemoIds.SequenceWelcome);
            AddIf(sequences, customer && ageDays <= 120, DemoIds.SequenceOnboarding);
            AddIf(sequences, tags.Contains(DemoIds.TagSummerSale), DemoIds.SequenceSummerSale);
            AddIf(sequences, webinar && random.Chance(0.6), DemoIds.SequenceWebinarFollowUp);
            AddIf(sequences, activity == "stale" && random.Chance(0.4), DemoIds.SequenceWinBack);
            AddIf(automations, ageDays <= 90 || random.Chance(0.08), DemoIds.AutomationWelcome);
            AddIf(automations, tags.Contains(DemoIds.TagNewsletter) && random.Chance(0.35), DemoIds.AutomationHolidayDrip);
            AddIf(automations, webinar, DemoIds.AutomationWebinarRegistration);
            AddIf(automations, !customer && random.Chance(0.04), DemoIds.AutomationAbandonedCart);
            AddIf(automations, customer && ageDays <= 200, DemoIds.AutomationCustomerOnboarding);
            AddIf(automations, tags.Contains(DemoIds.TagWarmLead), DemoIds.AutomationLeadNurture);
        }

        return person with
        {
            Tags = tags,
            Sequences = sequences,
            Automations = automations,
            WebinarDaysAgo = webinar ? random.Next(0, ageDays + 1) : null,
            ReferralSource = random.Chance(0.12) ? random.Pick<string>(["Alex's podcast", "A friend", "Conference talk", "Partner newsletter"]) : null,
        };
    }

    private static void Add(SeedContext seed, Person p)
    {
        var random = seed.Random;
        var created = seed.Now.AddDays(-p.AgeDays).AddSeconds(-random.Next(0, 86400));
        if (created > seed.Now)
        {
            created = seed.Now;
        }

        var lastActivity = seed.Now.AddDays(-p.DlaDaysAgo).AddSeconds(-random.Next(0, 40000));
        if (lastActivity < created)
        {
            lastActivity = created;
        }

        var date = SeedContext.Unix(created);
        var phone = $"({p.AreaCode}) 555-{random.Next(100, 200):0000}";
        var contact = seed.Insert(
            ObjectTypeIds.Contact, p.Id, date,
            ("owner", SeedContext.Text(p.Owner)),
            ("firstname", p.First),
            ("lastname", p.Last),
            ("email", p.Email),
            ("address", $"{random.Next(10, 9900)} {random.Pick<string>(["Oak", "Maple", "Cedar", "Pine", "Elm", "Main", "Park", "Lake", "Hill", "Sunset"])} {random.Pick<string>(["St", "Ave", "Blvd", "Rd", "Dr"])}"),
            ("city", p.City),
            ("state", p.State),
            ("zip", p.Zip),
            ("birthday", random.Chance(0.3) ? SeedContext.Unix(new DateTimeOffset(1960 + random.Next(0, 40), 1 + random.Next(0, 12), 1 + random.Next(0, 28), 0, 0, 0, TimeSpan.Zero)) : null),
            ("status", p.Stage),
            ("priority", random.Weighted(("0", 7), ("8", 1), ("9", 1), ("10", 1))),
            ("office_phone", phone),
            ("sms_number", p.BulkSms is "1" or "2" ? $"+1{p.AreaCode}555{random.Next(100, 200):0000}" : null),
            ("dla", SeedContext.Unix(lastActivity)),
            ("bulk_mail", p.BulkMail),
            ("bulk_sms", p.BulkSms),
            ("dlm", SeedContext.Unix(lastActivity > created ? lastActivity : created)),
            ("company", p.Company),
            ("title", p.Title),
            ("country", "US"),
            ("system_source", random.Pick<string>(["0", "1", "3"])),
            ("ip_addy", $"203.0.113.{random.Next(1, 255)}"),
            ("ip_addy_display", null),
            ("n_lead_source", p.LeadSource),
            ("timezone", p.State switch { "CA" or "WA" or "OR" or "NV" => "America/Los_Angeles", "CO" or "AZ" or "UT" => "America/Denver", "TX" or "IL" or "MN" or "TN" => "America/Chicago", _ => "America/New_York" }),
            ("spent", SeedContext.Money(p.Spent)),
            ("lead", p.Spent > 0 ? "0" : "1"),
            ("visit", SeedContext.Text(random.Next(1, 40))),
            ("last_currency_used", p.Spent > 0 ? "USD" : null),
            (ContactSchema.RelatedCompany, p.CompanyId is { } companyId ? SeedContext.Text(companyId) : null),
            (ContactSchema.CoachingProgram, p.CoachingProgram),
            (ContactSchema.ReferralSource, p.ReferralSource),
            (ContactSchema.LastWebinarDate, p.WebinarDaysAgo is { } webinarDays ? seed.DaysAgo(Math.Min(webinarDays, p.AgeDays)) : null));

        var type = seed.Type(ObjectTypeIds.Contact);
        var span = Math.Max(1, (seed.Now - created).TotalSeconds);
        string JoinDate() => SeedContext.Unix(created.AddSeconds(random.NextDouble() * span));
        foreach (var tag in p.Tags)
        {
            seed.Memberships.AddTag(type, contact, tag, JoinDate());
        }

        foreach (var sequence in p.Sequences)
        {
            seed.Memberships.AddSequence(type, contact, sequence, JoinDate());
        }

        foreach (var automation in p.Automations)
        {
            seed.Memberships.AddAutomation(type, contact, automation, AutomationJoinDate(seed, p, created, automation));
        }
    }

    /// <summary>Jane Doe joined her automations within the last three months (a prompt asks exactly that).</summary>
    private static string AutomationJoinDate(SeedContext seed, Person p, DateTimeOffset created, long automation)
    {
        if (p.Id == DemoIds.JaneDoe)
        {
            return seed.DaysAgo(automation == DemoIds.AutomationWebinarRegistration ? 63 : 30);
        }

        var span = Math.Max(1, (seed.Now - created).TotalSeconds);
        return SeedContext.Unix(created.AddSeconds(Math.Min(span, 3600 + (seed.Random.NextDouble() * span))));
    }

    private static void AddIf(List<long> list, bool condition, long id)
    {
        if (condition && !list.Contains(id))
        {
            list.Add(id);
        }
    }

    private static string Slug(string name) => new(name.ToLowerInvariant().Where(char.IsAsciiLetter).ToArray());

    private sealed record Person(long Id, string First, string Last, string Email, string State, string City, string Zip, string AreaCode, int AgeDays, int DlaDaysAgo)
    {
        public long Owner { get; init; } = DemoIds.UserSarah;

        public string BulkMail { get; init; } = "1";

        public string BulkSms { get; init; } = "0";

        public decimal Spent { get; init; }

        public string Stage { get; init; } = "7";

        public string? Company { get; init; }

        public long? CompanyId { get; init; }

        public string? Title { get; init; }

        public string? CoachingProgram { get; init; }

        public string? LeadSource { get; init; }

        public string? ReferralSource { get; init; }

        public int? WebinarDaysAgo { get; init; }

        public IReadOnlyList<long> Tags { get; init; } = [];

        public IReadOnlyList<long> Sequences { get; init; } = [];

        public IReadOnlyList<long> Automations { get; init; } = [];
    }
}
