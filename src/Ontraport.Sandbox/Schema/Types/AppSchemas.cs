namespace Ontraport.Sandbox.Schema.Types;

/// <summary>System apps (Deals 149, Companies 150, Surveys 172) and the demo's custom object "Project" (10000).</summary>
internal static class AppSchemas
{
    public static readonly (string Key, string Label)[] SalesStages =
    [
        ("1", "Prospecting"), ("2", "Qualification"), ("3", "Proposal"), ("4", "Negotiation"), ("5", "Closed Won"), ("6", "Closed Lost"),
    ];

    public static readonly (string Key, string Label)[] ProjectStatuses =
    [
        ("1", "Planning"), ("2", "In Progress"), ("3", "On Hold"), ("4", "Complete"),
    ];

    /// <summary>The custom object's fields: custom objects name their fields <c>fNNNN</c> (ontraport-api.md §2.3 LOG).</summary>
    public const string ProjectName = "f2001";

    public const string ProjectClient = "f2002";

    public const string ProjectStatus = "f2003";

    public const string ProjectStart = "f2004";

    public const string ProjectDue = "f2005";

    public const string ProjectBudget = "f2006";

    public const string ProjectCoach = "f2007";

    public const string ProjectCompany = "f2008";

    public static IEnumerable<ObjectTypeSchema> Build()
    {
        yield return new ObjectTypeBuilder(ObjectTypeIds.Deal, "Deal", "Deal", "Deals")
            .Access(ObjectAccess.All)
            .ListFields("name", "value", "sales_stage", "primary_contact", "company", "expected_close_date")
            .Sums("value", "weighted_value")
            .Section("Deal Information")
            .Text("name", "Name").Required()
            .Price("value", "Value")
            .Date("expected_close_date", "Expected Close Date")
            .Number("expected_win_percent", "Expected Win %")
            .Number("calc", "Calculated")
            .Parent("primary_contact", "Primary Contact", ObjectTypeIds.Contact)
            .Parent("company", "Company", ObjectTypeIds.Company)
            .Price("weighted_value", "Weighted Value")
            .Drop("sales_stage", "Sales Stage", SalesStages)
            .Date("actual_close_date", "Actual Close Date")
            .Drop("expected_close_timeframe", "Expected Close Timeframe", ("1", "This month"), ("2", "This quarter"), ("3", "Next quarter"), ("4", "This year"))
            .Drop("deal_size", "Deal Size", ("1", "Small"), ("2", "Medium"), ("3", "Large"))
            .Timestamp("recent_activity", "Recent Activity")
            .RecordSystemFields()
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Company, "Company", "Company", "Companies")
            .Access(ObjectAccess.All)
            .ListFields("name", "industry", "phone", "city", "state")
            .Section("Company Information")
            .Text("name", "Name").Required()
            .Field("phone", "Phone", FieldType.Phone)
            .Field("website", "Website", FieldType.Url)
            .Text("industry", "Industry")
            .LongText("description", "Description")
            .Price("annual_revenue", "Annual Revenue")
            .Number("employee_count", "Employees")
            .Field("facebook_page", "Facebook Page", FieldType.Url)
            .Text("instagram_name", "Instagram")
            .Field("address", "Address", FieldType.Address)
            .Text("city", "City")
            .Field("state", "State", FieldType.State)
            .Text("zipcode", "Zip Code")
            .Field("country", "Country", FieldType.Country)
            .RecordSystemFields()
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Survey, "Survey", "Survey", "Surveys")
            .Section("Survey Information")
            .Text("name", "Name")
            .System("responses", "Responses", FieldType.Numeric)
            .Timestamp("date", "Date Created")
            .Timestamp("dlm", "Date Modified")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Project, "Project", "Project", "Projects")
            .Access(ObjectAccess.All)
            .ListFields(ProjectName, ProjectClient, ProjectStatus, ProjectDue, ProjectBudget)
            .Sums(ProjectBudget)
            .Section("Project Information")
            .Custom(ProjectName, "Project Name", FieldType.Text).Required()
            .CustomParent(ProjectClient, "Client", ObjectTypeIds.Contact)
            .Custom(ProjectStatus, "Status", FieldType.Drop, ProjectStatuses)
            .Custom(ProjectStart, "Start Date", FieldType.FullDate)
            .Custom(ProjectDue, "Due Date", FieldType.FullDate)
            .Custom(ProjectBudget, "Budget", FieldType.Price)
            .CustomParent(ProjectCoach, "Coach", ObjectTypeIds.User)
            .CustomParent(ProjectCompany, "Company", ObjectTypeIds.Company)
            .RecordSystemFields()
            .Build();
    }
}
