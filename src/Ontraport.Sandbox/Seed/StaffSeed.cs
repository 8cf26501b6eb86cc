using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>Users (2) — the four staff of the demo coaching business — and Task Outcomes (66).</summary>
internal static class StaffSeed
{
    public static void Seed(SeedContext seed)
    {
        var joined = seed.DaysAgo(900);
        User(seed, DemoIds.UserAlex, "Alex", "Morgan", "1", "Founder & Head Coach", "(805) 555-0100", "America/Los_Angeles", joined);
        User(seed, DemoIds.UserSarah, "Sarah", "Mitchell", "3", "Sales Lead", "(805) 555-0101", "America/Los_Angeles", joined);
        User(seed, DemoIds.UserDavid, "David", "Chen", "3", "Account Executive", "(212) 555-0102", "America/New_York", seed.DaysAgo(420));
        User(seed, DemoIds.UserPriya, "Priya", "Patel", "4", "Client Success Coach", "(512) 555-0103", "America/Chicago", seed.DaysAgo(300));

        string[] outcomes = ["interested", "left voicemail", "not interested", "no answer", "call back later", "meeting booked", "wrong number"];
        foreach (var outcome in outcomes)
        {
            seed.Insert(ObjectTypeIds.TaskOutcome, null, seed.DaysAgo(600), ("name", outcome));
        }
    }

    private static void User(SeedContext seed, long id, string first, string last, string role, string title, string phone, string timezone, string date) =>
        seed.Insert(
            ObjectTypeIds.User,
            id,
            date,
            ("firstname", first),
            ("lastname", last),
            ("email", $"{first.ToLowerInvariant()}@threemarketeers.com"),
            ("office_phone", phone),
            ("title", title),
            ("role", role),
            ("timezone", timezone),
            ("dlm", date));
}
