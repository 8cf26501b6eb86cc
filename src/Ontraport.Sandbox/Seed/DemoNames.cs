namespace Ontraport.Sandbox.Seed;

/// <summary>The word lists the demo generator draws from.</summary>
internal static class DemoNames
{
    public static readonly string[] FirstNames =
    [
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas", "Mia", "Logan",
        "Charlotte", "James", "Amelia", "Benjamin", "Harper", "Elijah", "Evelyn", "Oliver", "Abigail", "Jacob",
        "Ella", "Michael", "Scarlett", "Daniel", "Grace", "Henry", "Chloe", "Jackson", "Lily", "Samuel", "Zoe",
        "Sebastian", "Nora", "Aiden", "Hannah", "Matthew", "Layla", "Carter", "Riley", "Wyatt", "Aria", "Owen",
        "Victoria", "Luke", "Penelope", "Gabriel", "Stella", "Anthony", "Maya", "Isaac", "Leah", "Dylan", "Naomi",
        "Julian", "Ruby", "Levi", "Camila", "Nathan", "Priya", "Marcus", "Keisha", "Diego", "Mei", "Tomas",
    ];

    public static readonly string[] LastNames =
    [
        "Johnson", "Williams", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez",
        "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera",
        "Campbell", "Mitchell", "Carter", "Roberts", "Patel", "Kim", "Chen", "Okafor", "Novak", "Schmidt", "Rossi",
        "Murphy", "O'Brien", "Sullivan", "Foster", "Bennett", "Hayes",
    ];

    /// <summary>Reserved example domains: the demo never names a real person's mailbox.</summary>
    public static readonly string[] EmailDomains = ["example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net"];

    /// <summary>(state, weight, cities with their area code).</summary>
    public static readonly (string State, int Weight, (string City, string Zip, string AreaCode)[] Cities)[] States =
    [
        ("CA", 22, [("Los Angeles", "90012", "213"), ("San Diego", "92101", "619"), ("San Francisco", "94103", "415"), ("Sacramento", "95814", "916"), ("Santa Barbara", "93101", "805"), ("San Jose", "95113", "408")]),
        ("TX", 10, [("Austin", "78701", "512"), ("Dallas", "75201", "214"), ("Houston", "77002", "713")]),
        ("NY", 9, [("New York", "10001", "212"), ("Brooklyn", "11201", "718"), ("Buffalo", "14202", "716")]),
        ("FL", 8, [("Miami", "33130", "305"), ("Orlando", "32801", "407"), ("Tampa", "33602", "813")]),
        ("WA", 6, [("Seattle", "98101", "206"), ("Spokane", "99201", "509")]),
        ("CO", 5, [("Denver", "80202", "303"), ("Boulder", "80302", "303")]),
        ("IL", 5, [("Chicago", "60601", "312")]),
        ("OR", 4, [("Portland", "97204", "503")]),
        ("AZ", 4, [("Phoenix", "85004", "602"), ("Scottsdale", "85251", "480")]),
        ("MA", 4, [("Boston", "02108", "617")]),
        ("GA", 4, [("Atlanta", "30303", "404")]),
        ("NC", 3, [("Charlotte", "28202", "704"), ("Raleigh", "27601", "919")]),
        ("TN", 3, [("Nashville", "37203", "615")]),
        ("UT", 3, [("Salt Lake City", "84101", "801")]),
        ("MN", 3, [("Minneapolis", "55401", "612")]),
        ("NV", 3, [("Las Vegas", "89101", "702")]),
        ("PA", 4, [("Philadelphia", "19103", "215"), ("Pittsburgh", "15222", "412")]),
    ];

    public static readonly string[] Titles =
    [
        "Owner", "Founder", "Marketing Manager", "Marketing Director", "CEO", "Operations Manager", "Consultant",
        "Coach", "Sales Manager", "Office Manager", "Creative Director", "Practice Owner",
    ];

    public static readonly string[] LeadSources = ["Facebook Ads", "Google", "Podcast", "Referral", "Webinar", "Organic Search", "Instagram", "LinkedIn"];

    public static readonly string[] Timezones = ["America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York"];
}
