using System.Globalization;

namespace Ontraport.Sandbox.Tests;

/// <summary>The demo account holds the records the use-case prompts of shared/seeds/000 talk about.</summary>
public class SeedTests
{
    private static IReadOnlyDictionary<string, string?> Single(SandboxHarness sandbox, int type, string field, string value) =>
        Assert.Single(sandbox.Account.All(type), r => r[field] == value);

    [Fact]
    public void Named_people_have_fixed_ids()
    {
        using var sandbox = SandboxHarness.Create();

        Assert.Equal("John Smith", $"{sandbox.Account.Find(0, 1)!["firstname"]} {sandbox.Account.Find(0, 1)!["lastname"]}");
        Assert.Equal("Jane Doe", $"{sandbox.Account.Find(0, 2)!["firstname"]} {sandbox.Account.Find(0, 2)!["lastname"]}");
        Assert.Equal("Jones", sandbox.Account.Find(0, 3)!["lastname"]);
        Assert.Equal("mike@oldcompany.com", sandbox.Account.Find(0, 4)!["email"]);
        Assert.Equal("sarah@acme.com", sandbox.Account.Find(0, 5)!["email"]);
        Assert.Equal("Acme Corp", sandbox.Account.Find(150, 1)!["name"]);
        Assert.Equal("Sarah", sandbox.Account.Find(2, 2)!["firstname"]);
    }

    [Fact]
    public void Reference_lists_match_the_prompts()
    {
        using var sandbox = SandboxHarness.Create();

        Assert.Equal("3", Single(sandbox, 14, "tag_name", "warm lead")["id"]);
        Assert.Equal("5", Single(sandbox, 14, "tag_name", "webinar attendees")["id"]);
        Assert.Equal("1", Single(sandbox, 3, "name", "webinar attendees")["id"]);
        Assert.Equal("3", Single(sandbox, 5, "name", "Summer Sale")["id"]);
        Assert.Equal("2", Single(sandbox, 5, "name", "New Member Onboarding")["id"]);
        Assert.Equal("1", Single(sandbox, 140, "name", "Welcome")["id"]);
        Assert.Equal("2", Single(sandbox, 140, "name", "Holiday Drip")["id"]);
        Assert.Equal("1", Single(sandbox, 20, "name", "Summer Sale")["id"]);
        Assert.Equal("task", Single(sandbox, 7, "name", "Demo follow-up")["type"]);
        Assert.Equal("1", Single(sandbox, 66, "name", "interested")["id"]);
        Assert.Equal("2", Single(sandbox, 66, "name", "left voicemail")["id"]);
        Assert.Equal("299.00", Single(sandbox, 16, "name", "Three Marketeers Annual Subscription")["price"]);
        Assert.NotNull(Single(sandbox, 16, "name", "Consulting"));
        Assert.Equal("1", Single(sandbox, 70, "name", "Test Gateway")["test"]);
    }

    [Fact]
    public void Deal_1234_and_task_4821_exist()
    {
        using var sandbox = SandboxHarness.Create();

        var deal = sandbox.Account.Find(149, 1234)!;
        var task = sandbox.Account.Find(1, 4821)!;

        Assert.Equal("Acme Corp – Team Coaching Package", deal["name"]);
        Assert.Equal("5", deal["primary_contact"]);
        Assert.Equal("1", deal["company"]);
        Assert.Equal("1", task["item_id"]);
        Assert.Equal("0", task["status"]);
    }

    [Fact]
    public void Contacts_are_spread_over_time_place_and_value()
    {
        using var sandbox = SandboxHarness.Create();
        var contacts = sandbox.Account.All(0);
        var now = SandboxHarness.Start.ToUnixTimeSeconds();
        long Date(IReadOnlyDictionary<string, string?> c) => long.Parse(c["date"]!, CultureInfo.InvariantCulture);

        Assert.Equal(200, contacts.Count);
        Assert.InRange(contacts.Count(c => c["state"] == "CA"), 25, 70);
        Assert.InRange(contacts.Count(c => decimal.Parse(c["spent"]!, CultureInfo.InvariantCulture) > 1000m), 10, 60);
        Assert.InRange(contacts.Count(c => Date(c) > now - (30 * 86400)), 3, 40);
        Assert.Contains(contacts, c => Date(c) < now - (500 * 86400));
        Assert.All(contacts, c => Assert.True(Date(c) <= now));
        Assert.Equal(200, contacts.Select(c => c["email"]).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(4, contacts.Select(c => c["owner"]).Distinct().Count());
        Assert.True(contacts.Select(c => c["bulk_mail"]).Distinct().Count() >= 4);
    }

    [Fact]
    public void Join_tables_agree_with_the_membership_fields()
    {
        using var sandbox = SandboxHarness.Create();
        var contacts = sandbox.Account.All(0);
        static int Members(string? list) => list!.Split("*/*", StringSplitOptions.RemoveEmptyEntries).Length;

        Assert.Equal(contacts.Sum(c => Members(c["contact_cat"])), sandbox.Account.All(138).Count);
        Assert.Equal(contacts.Sum(c => Members(c["updateSequence"])), sandbox.Account.All(8).Count);
        foreach (var automation in sandbox.Account.All(140))
        {
            var members = contacts.Count(c => c["updateCampaign"]!.Contains($"*/*{automation["id"]}*/*", StringComparison.Ordinal));
            Assert.Equal(members.ToString(CultureInfo.InvariantCulture), automation["subs"]);
        }

        Assert.InRange(int.Parse(sandbox.Account.Find(140, 1)!["subs"]!, CultureInfo.InvariantCulture), 15, 80);
    }

    [Fact]
    public void Every_type_has_plausible_volumes()
    {
        using var sandbox = SandboxHarness.Create();
        var account = sandbox.Account;

        Assert.Equal(4, account.Count(2));
        Assert.Equal(60, account.Count(1));
        Assert.Equal(150, account.Count(12));
        Assert.Equal(40, account.Count(149));
        Assert.Equal(25, account.Count(150));
        Assert.Equal(20, account.Count(10000));
        Assert.Equal(10, account.Count(16));
        Assert.True(account.Count(4) > 200);
        Assert.True(account.Count(100) > 50);
        Assert.InRange(account.Count(8), 20, 200);
        Assert.Equal(["0", "1", "2"], account.All(1).Select(t => t["status"]).Distinct().Order());
        Assert.Equal(10, account.All(46).Select(t => t["status"]).Distinct().Count()); // every status, draft and open included
        Assert.Contains(account.All(23), b => b["status"] == "0" && long.Parse(b["send_date"]!, CultureInfo.InvariantCulture) < SandboxHarness.Start.AddDays(7).ToUnixTimeSeconds());
        Assert.Contains(account.All(12), n => n["type"] == "1" && n["contact_id"] == "1");
        Assert.All(account.All(12), n => Assert.InRange(long.Parse(n["author"]!, CultureInfo.InvariantCulture), 1, 4));
    }
}
