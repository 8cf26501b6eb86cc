namespace Ontraport.Sandbox.Schema;

/// <summary>Field types as <c>objects/meta</c> and <c>objects/fieldeditor</c> name them (ontraport-api.md §2.4–2.5).</summary>
internal static class FieldType
{
    public const string Text = "text";
    public const string LongText = "longtext";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string Sms = "sms";
    public const string Numeric = "numeric";
    public const string Price = "price";
    public const string Timestamp = "timestamp";
    public const string FullDate = "fulldate";
    public const string Drop = "drop";
    public const string List = "list";
    public const string Parent = "parent";
    public const string Check = "check";
    public const string State = "state";
    public const string Country = "country";
    public const string Url = "url";
    public const string Address = "address";
    public const string Subscription = "subscription";
    public const string MergeField = "mergefield";

    /// <summary>Types whose values compare and sum as numbers.</summary>
    public static bool IsNumeric(string type) =>
        type is Numeric or Price or Timestamp or FullDate or Parent or Check;

    /// <summary>Types the free-text <c>search</c> parameter looks into.</summary>
    public static bool IsSearchable(string type) =>
        type is Text or LongText or Email or Phone or Sms or Url or Address or State or Country;
}
