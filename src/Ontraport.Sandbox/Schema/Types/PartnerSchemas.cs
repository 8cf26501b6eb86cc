namespace Ontraport.Sandbox.Schema.Types;

/// <summary>Partner programs, partners, referrals and commissions (read-only; the demo account has none).</summary>
internal static class PartnerSchemas
{
    public static IEnumerable<ObjectTypeSchema> Build()
    {
        yield return new ObjectTypeBuilder(ObjectTypeIds.PartnerProgram, "PartnerProgram", "PartnerProgram", "PartnerPrograms")
            .Section("Program Information")
            .Text("name", "Name")
            .Price("level1", "Level 1 Commission")
            .Price("level2", "Level 2 Commission")
            .Timestamp("date", "Date Created")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Partner, "Partner", "Partner", "Partners")
            .Section("Partner Information")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Parent("program_id", "Partner Program", ObjectTypeIds.PartnerProgram)
            .Timestamp("date", "Date Joined")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Referral, "Referral", "Referral", "Referrals")
            .Section("Referral Information")
            .Parent("partner_id", "Partner", ObjectTypeIds.Partner)
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Timestamp("date", "Date")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Commission, "Commission", "Commission", "Commissions")
            .Sums("amount")
            .Section("Commission Information")
            .Parent("partner_id", "Partner", ObjectTypeIds.Partner)
            .Parent("purchase_id", "Purchase", ObjectTypeIds.Purchase)
            .Price("amount", "Amount")
            .Drop("status", "Status", ("0", "Pending"), ("1", "Approved"), ("2", "Paid"), ("3", "Declined"))
            .Timestamp("date", "Date")
            .Build();
    }
}
