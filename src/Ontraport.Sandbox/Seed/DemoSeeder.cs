using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Seed;

/// <summary>
/// Fills a new account with the demo business "Three Marketeers" (a coaching and training company): a pure
/// function of the seed and the account's creation time, every date relative to that time.
/// </summary>
internal static class DemoSeeder
{
    public static void Seed(AccountStore store, DateTimeOffset now, int seed)
    {
        var context = new SeedContext(store, now, seed);
        StaffSeed.Seed(context);
        MarketingSeed.Seed(context);
        CompanySeed.Seed(context);
        ContactSeed.Seed(context);
        GroupSeed.Seed(context);
        ActivitySeed.Seed(context);
        SalesSeed.Seed(context);
        CommerceSeed.Seed(context);
        CommerceLifecycleSeed.Seed(context);
    }
}
