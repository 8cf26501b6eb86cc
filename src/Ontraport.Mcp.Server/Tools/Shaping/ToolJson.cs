using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// The one serializer of typed answers (DESIGN §4 "Outputs"): snake_case names, nulls dropped, compact, non-ASCII kept
/// readable (the text never lands in HTML). Source-generated, so no reflection runs per answer; each answer type is
/// registered below with <c>[JsonSerializable]</c>, one line per type, grouped by toolset (the source generator takes its
/// list from one declaration). A type that is not registered fails its first call in the tests; nothing silently falls
/// back to reflection.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(RecordPage))]
[JsonSerializable(typeof(CreatedAnswer))]
[JsonSerializable(typeof(UpdatedAnswer))]
[JsonSerializable(typeof(SavedAnswer))]
[JsonSerializable(typeof(DeletedAnswer))]
[JsonSerializable(typeof(DryRunAnswer))]
[JsonSerializable(typeof(UpdateDryRun))]
[JsonSerializable(typeof(DeleteDryRun))]
[JsonSerializable(typeof(DeletedManyAnswer))]
[JsonSerializable(typeof(DeleteManyDryRun))]
[JsonSerializable(typeof(IgnoredAnswer))]
// query
[JsonSerializable(typeof(Query.CountAnswer))]
[JsonSerializable(typeof(Query.NotesAnswer))]
[JsonSerializable(typeof(Query.NoteItem))]
[JsonSerializable(typeof(Query.ContactLogAnswer))]
[JsonSerializable(typeof(Query.LogEntry))]
[JsonSerializable(typeof(Query.AutomationLogAnswer))]
[JsonSerializable(typeof(Query.AutomationLogEntry))]
[JsonSerializable(typeof(Query.RecentMessagesAnswer))]
[JsonSerializable(typeof(Query.MessagePerformance))]
[JsonSerializable(typeof(Query.RecentTasksAnswer))]
[JsonSerializable(typeof(Query.TaskItem))]
[JsonSerializable(typeof(Query.BroadcastsAnswer))]
[JsonSerializable(typeof(Query.BroadcastItem))]
[JsonSerializable(typeof(Query.GroupsAnswer))]
[JsonSerializable(typeof(Query.GroupItem))]
[JsonSerializable(typeof(Query.SubscribersAnswer))]
[JsonSerializable(typeof(Query.ConditionAnswer))]
[JsonSerializable(typeof(Query.LandingPageAnswer))]
[JsonSerializable(typeof(Query.AccountInfoAnswer))]
[JsonSerializable(typeof(Query.ObjectMetaAnswer))]
[JsonSerializable(typeof(Query.TaskFormAnswer))]
[JsonSerializable(typeof(Query.AllowedTypesAnswer))]
// search
[JsonSerializable(typeof(Search.SearchAnswer))]
[JsonSerializable(typeof(Search.FetchAnswer))]
// commerce
[JsonSerializable(typeof(Commerce.InvoiceView))]
[JsonSerializable(typeof(Commerce.PurchaseView))]
[JsonSerializable(typeof(Commerce.PaymentView))]
[JsonSerializable(typeof(Commerce.OrderView))]
[JsonSerializable(typeof(Commerce.InvoicesAnswer))]
[JsonSerializable(typeof(Commerce.FailedAnswer))]
[JsonSerializable(typeof(Commerce.PaymentsAnswer))]
[JsonSerializable(typeof(Commerce.PurchasesAnswer))]
[JsonSerializable(typeof(Commerce.TransactionDryRun))]
[JsonSerializable(typeof(Commerce.InvoiceDryRun))]
[JsonSerializable(typeof(Commerce.DoneAnswer))]
[JsonSerializable(typeof(Commerce.AlreadyAnswer))]
[JsonSerializable(typeof(Commerce.SendDryRun))]
[JsonSerializable(typeof(Commerce.SentAnswer))]
[JsonSerializable(typeof(Commerce.InvoiceUpdatedAnswer))]
[JsonSerializable(typeof(Commerce.CreateInvoiceDryRun))]
[JsonSerializable(typeof(Commerce.InvoiceCreatedAnswer))]
[JsonSerializable(typeof(Commerce.LogDryRun))]
[JsonSerializable(typeof(Commerce.LoggedAnswer))]
[JsonSerializable(typeof(Commerce.ChargeDryRun))]
[JsonSerializable(typeof(Commerce.RerunDryRun))]
[JsonSerializable(typeof(Commerce.RetriedAnswer))]
[JsonSerializable(typeof(Commerce.ChargedAnswer))]
[JsonSerializable(typeof(Commerce.RefundDryRun))]
[JsonSerializable(typeof(Commerce.RefundedAnswer))]
[JsonSerializable(typeof(Commerce.OrderNoteAnswer))]
[JsonSerializable(typeof(Commerce.CancelDryRun))]
[JsonSerializable(typeof(Commerce.RemovedOrder))]
[JsonSerializable(typeof(Commerce.CancelledAnswer))]
[JsonSerializable(typeof(Commerce.OrderDryRun))]
[JsonSerializable(typeof(Commerce.OrderUpdatedAnswer))]
[JsonSerializable(typeof(Commerce.OrderUpdateUnreadAnswer))]
[JsonSerializable(typeof(Commerce.OfferCheckAnswer))]
// manage
[JsonSerializable(typeof(Manage.ListedRef))]
[JsonSerializable(typeof(Manage.SubscriberRef))]
[JsonSerializable(typeof(Manage.TaskSummary))]
[JsonSerializable(typeof(Manage.TaskNoteAnswer))]
[JsonSerializable(typeof(Manage.TaskDryRun))]
[JsonSerializable(typeof(Manage.TaskCancelledAnswer))]
[JsonSerializable(typeof(Manage.TaskCompletedAnswer))]
[JsonSerializable(typeof(Manage.CompleteDryRun))]
[JsonSerializable(typeof(Manage.RescheduleDryRun))]
[JsonSerializable(typeof(Manage.RescheduledAnswer))]
[JsonSerializable(typeof(Manage.TaskAssignedAnswer))]
[JsonSerializable(typeof(Manage.TagsAnswer))]
[JsonSerializable(typeof(Manage.SubscriptionsAnswer))]
[JsonSerializable(typeof(Manage.PauseAnswer))]
[JsonSerializable(typeof(Manage.RelationshipAnswer))]
[JsonSerializable(typeof(Manage.RelationshipDryRun))]
public sealed partial class ToolJson : JsonSerializerContext
{
    /// <summary>This context with the relaxed encoder (an attribute cannot name an encoder).</summary>
    private static readonly ToolJson Relaxed = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The options answers are written with.</summary>
    public static JsonSerializerOptions Answers => Relaxed.Options;

    /// <summary>The metadata of an answer type (throws when the type is not registered on this context).</summary>
    public static JsonTypeInfo<T> Of<T>() => (JsonTypeInfo<T>)Relaxed.GetTypeInfo(typeof(T))!;
}
