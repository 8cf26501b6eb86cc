using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Seed;

/// <summary>Companies (150): the demo's B2B clients and prospects, Acme Corp first.</summary>
internal static class CompanySeed
{
    /// <summary>(name, domain, industry, city, state, zip, area code, employees).</summary>
    public static readonly (string Name, string Domain, string Industry, string City, string State, string Zip, string AreaCode, int Employees)[] Companies =
    [
        ("Acme Corp", "acme.com", "Manufacturing", "Los Angeles", "CA", "90021", "213", 240),
        ("Globex Industries", "globex.example.com", "Logistics", "Houston", "TX", "77002", "713", 180),
        ("Initech", "initech.example.com", "Software", "Austin", "TX", "78701", "512", 95),
        ("Umbrella Wellness", "umbrellawellness.example.com", "Health & Wellness", "San Diego", "CA", "92101", "619", 38),
        ("Stark Marketing Co", "starkmarketing.example.com", "Marketing Agency", "New York", "NY", "10001", "212", 22),
        ("Wayne Consulting", "wayneconsulting.example.com", "Consulting", "Chicago", "IL", "60601", "312", 14),
        ("Sunrise Bakery", "sunrisebakery.example.com", "Food & Beverage", "Portland", "OR", "97204", "503", 12),
        ("Blue Ocean Yoga", "blueoceanyoga.example.com", "Fitness", "Santa Barbara", "CA", "93101", "805", 9),
        ("Redwood Realty", "redwoodrealty.example.com", "Real Estate", "San Francisco", "CA", "94103", "415", 31),
        ("Pinecrest Dental", "pinecrestdental.example.com", "Healthcare", "Denver", "CO", "80202", "303", 18),
        ("Harbor Fitness", "harborfitness.example.com", "Fitness", "Seattle", "WA", "98101", "206", 26),
        ("Summit Financial Advisors", "summitfinancial.example.com", "Financial Services", "Phoenix", "AZ", "85004", "602", 44),
        ("Golden Gate Coffee Roasters", "goldengatecoffee.example.com", "Food & Beverage", "San Francisco", "CA", "94103", "415", 57),
        ("Lakeside Landscaping", "lakesidelandscaping.example.com", "Home Services", "Minneapolis", "MN", "55401", "612", 20),
        ("Bright Path Tutoring", "brightpath.example.com", "Education", "Atlanta", "GA", "30303", "404", 16),
        ("Cedar & Co. Interiors", "cedarinteriors.example.com", "Design", "Nashville", "TN", "37203", "615", 7),
        ("Northwind Traders", "northwind.example.com", "Retail", "Boston", "MA", "02108", "617", 64),
        ("Maple Street Pets", "maplestreetpets.example.com", "Retail", "Raleigh", "NC", "27601", "919", 11),
        ("Old Company LLC", "oldcompany.com", "Consulting", "Las Vegas", "NV", "89101", "702", 5),
        ("Silverline Photography", "silverlinephoto.example.com", "Creative Services", "Miami", "FL", "33130", "305", 4),
        ("Evergreen Chiropractic", "evergreenchiro.example.com", "Healthcare", "Sacramento", "CA", "95814", "916", 13),
        ("Copper Kettle Catering", "copperkettle.example.com", "Food & Beverage", "Salt Lake City", "UT", "84101", "801", 23),
        ("Horizon Travel Agency", "horizontravel.example.com", "Travel", "Orlando", "FL", "32801", "407", 19),
        ("Keystone Plumbing", "keystoneplumbing.example.com", "Home Services", "Philadelphia", "PA", "19103", "215", 35),
        ("Nimbus Software", "nimbussoftware.example.com", "Software", "San Jose", "CA", "95113", "408", 120),
    ];

    public static void Seed(SeedContext seed)
    {
        var index = 0;
        foreach (var (name, domain, industry, city, state, zip, areaCode, employees) in Companies)
        {
            var age = 30 + seed.Random.Next(0, 500);
            var revenue = employees * seed.Random.Next(60, 180) * 1000m;
            seed.Insert(
                ObjectTypeIds.Company, null, seed.DaysAgo(age),
                ("name", name), ("phone", $"({areaCode}) 555-01{index:00}"), ("website", $"https://www.{domain}"),
                ("industry", industry), ("description", $"{name}: {industry.ToLowerInvariant()} business in {city}, {state}."),
                ("annual_revenue", SeedContext.Money(revenue)), ("employee_count", SeedContext.Text(employees)),
                ("address", $"{100 + (index * 37)} Market Street"), ("city", city), ("state", state), ("zipcode", zip), ("country", "US"),
                ("owner", SeedContext.Text(seed.Random.Weighted((DemoIds.UserSarah, 3), (DemoIds.UserDavid, 3), (DemoIds.UserAlex, 1)))),
                ("dla", seed.DaysAgo(seed.Random.Next(0, Math.Min(age, 90)))), ("dlm", seed.DaysAgo(seed.Random.Next(0, Math.Min(age, 120)))),
                ("bulk_mail", "0"), ("bulk_sms", "0"));
            index++;
        }
    }
}
