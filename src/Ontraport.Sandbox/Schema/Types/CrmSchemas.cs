namespace Ontraport.Sandbox.Schema.Types;

/// <summary>Tasks, users, groups, log items, notes, tags and their join tables (ontraport-api.md §4–5).</summary>
internal static class CrmSchemas
{
    public static IEnumerable<ObjectTypeSchema> Build()
    {
        yield return new ObjectTypeBuilder(ObjectTypeIds.Task, "Task", "Task", "Tasks")
            .Access(ObjectAccess.Read | ObjectAccess.Update)
            .ListFields("owner", "subject", "status", "date_assigned", "date_due", "date_complete", "call_outcome_id", "contact_id")
            .Section("Task Information")
            .Parent("owner", "Assignee", ObjectTypeIds.User)
            .Parent("drip_id", "Sequence", ObjectTypeIds.Sequence)
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Number("step_num", "Step")
            .Text("subject", "Subject")
            .Timestamp("date_assigned", "Date Assigned")
            .Field("date_due", "Date Due", FieldType.Timestamp)
            .Timestamp("date_complete", "Date Completed")
            .Drop("status", "Status", ("0", "Pending"), ("1", "Complete"), ("2", "Cancelled"))
            .Drop("type", "Type", ("0", "Normal"), ("-1", "Fulfillment"))
            .LongText("details", "Details")
            .Check("hidden", "Hidden")
            .Parent("call_outcome_id", "Outcome", ObjectTypeIds.TaskOutcome)
            .Parent("item_id", "Task Message", ObjectTypeIds.Message)
            .Text("notifications", "Notifications")
            .Text("rules", "Rules")
            .Number("object_type_id", "Object Type")
            .Text("object_name", "Object Name")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.User, "User", "User", "Users")
            .AlsoNamed("Staffs")
            .ListFields("firstname", "lastname", "email", "role", "timezone")
            .Section("User Information")
            .Text("firstname", "First Name")
            .Text("lastname", "Last Name")
            .Field("email", "Email", FieldType.Email).Unique()
            .Field("office_phone", "Office Phone", FieldType.Phone)
            .Text("title", "Title")
            .Drop("role", "Role", ("1", "Account Owner"), ("2", "Admin"), ("3", "Sales"), ("4", "Support"))
            .Text("timezone", "Timezone")
            .Timestamp("date", "Date Added")
            .Timestamp("dlm", "Date Modified")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Group, "Group", "Group", "Groups")
            .Access(ObjectAccess.Read | ObjectAccess.Delete)
            .ListFields("name", "object_type_id", "date")
            .Section("Group Information")
            .Text("name", "Name").Required()
            .Number("object_type_id", "Object Type")
            .LongText("criteria", "Filter Criteria")
            .Parent("owner", "Owner", ObjectTypeIds.User)
            .Timestamp("date", "Date Created")
            .Timestamp("dlm", "Date Modified")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.LogItem, "LogItem", "LogItem", "LogItems")
            .ListFields("contact_id", "type", "description", "date")
            .Section("Log Information")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Number("object_type_id", "Object Type")
            .Drop("type", "Activity", LogItemTypes)
            .Parent("message_id", "Message", ObjectTypeIds.Message)
            .LongText("description", "Description")
            .Timestamp("date", "Date")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Note, "Note", "Note", "Notes")
            .Access(ObjectAccess.All)
            .ListFields("contact_id", "author", "type", "data", "date")
            .Section("Note Information")
            .Parent("contact_id", "Contact", ObjectTypeIds.Contact)
            .Number("object_type_id", "Object Type")
            .Parent("author", "Author", ObjectTypeIds.User)
            .Drop("type", "Type", ("0", "Note"), ("1", "Phone Call"), ("2", "Email"), ("3", "Meeting"))
            .LongText("data", "Note")
            .Field("date", "Date", FieldType.Timestamp)
            .Timestamp("dlm", "Date Modified")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.Tag, "Tag", "Tag", "Tags")
            .Access(ObjectAccess.All)
            .ListFields("tag_name", "object_type_id")
            .Section("Tag Information")
            .Text("tag_name", "Tag Name").Required()
            .Number("object_type_id", "Object Type")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.TaskOutcome, "TaskOutcome", "TaskOutcome", "TaskOutcomes")
            .ListFields("name", "date")
            .Section("Outcome Information")
            .Text("name", "Name").Required()
            .Timestamp("date", "Date Created")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.CustomObjectRelationship, "CustomObjectRelationship", "CustomObjectRelationship", "CustomObjectRelationships")
            .Access(ObjectAccess.Read | ObjectAccess.Create | ObjectAccess.Delete) // writes: SandboxChoices.Relationships
            .ListFields("name", "parent_object_type_id", "parent_id", "child_object_type_id", "child_id")
            .Section("Relationship")
            .Text("name", "Relationship").Required()
            .Number("parent_object_type_id", "Parent Object Type").Required()
            .Number("parent_id", "Parent Record").Required()
            .Number("child_object_type_id", "Child Object Type").Required()
            .Number("child_id", "Child Record").Required()
            .Timestamp("date", "Date Created")
            .Build();

        yield return new ObjectTypeBuilder(ObjectTypeIds.TagSubscriber, "TagSubscriber", "TagSubscriber", "TagSubscribers")
            .ListFields("tag_id", "object_type_id", "object_id", "date")
            .Section("Subscription")
            .Parent("tag_id", "Tag", ObjectTypeIds.Tag)
            .Number("object_type_id", "Object Type")
            .Number("object_id", "Record")
            .Timestamp("date", "Date Added")
            .Build();
    }

    public static readonly (string Key, string Label)[] LogItemTypes =
    [
        ("1", "Email sent"), ("2", "Email opened"), ("3", "Link clicked"), ("4", "Form filled out"), ("5", "Page visited"),
        ("6", "Tag added"), ("7", "Added to sequence"), ("8", "Purchase"), ("9", "Task completed"), ("10", "SMS sent"),
        ("11", "Unsubscribed"), ("12", "Call logged"),
    ];
}
