using System.Globalization;
using System.Text;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox;

/// <summary>
/// Every behaviour the sandbox had to choose because shared/ontraport-api.md is silent (labelled [I] or [gap]
/// there). Each choice lives here, once, so it can be corrected against the live API in one place.
/// </summary>
/// <remarks>
/// <para><b>Accounts and transport</b></para>
/// <list type="number">
/// <item>Any <c>Api-Key</c> is accepted unless listed in <see cref="SandboxOptions.RejectedApiKeys"/>; a request with a listed key, or missing <c>Api-Appid</c> or <c>Api-Key</c> (or with a blank one) gets 401 with <see cref="UnauthorizedText"/>. 401s belong to no account: not logged, not rate limited.</item>
/// <item><c>account_id</c> is <see cref="AccountIdFor"/>: 100000–999999 from an FNV-1a hash of the app id.</item>
/// <item>Every app id gets the same demo data (same <see cref="SandboxOptions.Seed"/>, dates relative to the account's creation); only <c>account_id</c> and later changes differ.</item>
/// <item>Error bodies are <c>text/plain; charset=utf-8</c>. Texts: 401 <see cref="UnauthorizedText"/>; unknown path 404 <see cref="PathNotFoundText"/>; known path, other method 405 <see cref="MethodNotAllowedText"/>; missing record 404 <see cref="RecordNotFoundText"/>; unexpected fault 500 <see cref="InternalErrorText"/>; hosted bodies over 4 MiB 413.</item>
/// <item>A body that is neither JSON nor a form (by content type) → 415 <see cref="UnsupportedMediaTypeText"/>; malformed JSON or a JSON body that is not an object → 400 <see cref="MalformedBodyText"/>. A body without a content type is JSON when it starts with <c>{</c>, else a form.</item>
/// <item>Parameter names match case-insensitively; body values win over query values of the same name. JSON <c>true</c>/<c>false</c> become "1"/"0".</item>
/// <item>The rate limit counts every authenticated request it lets through (errors included); refused (429) requests do not count. <c>X-Rate-Limit-Reset</c> is the whole seconds until the oldest counted request leaves the 60 s window (0 when the window is empty). 429s are logged.</item>
/// <item>Success bodies are <c>application/json</c> written without HTML-safe escaping (<c>+</c>, <c>&amp;</c>, non-ASCII stay readable).</item>
/// </list>
/// <para><b>Reads</b></para>
/// <list type="number">
/// <item>Missing <c>objectID</c> → 400 <see cref="MissingObjectIdText"/>; unknown type → 400 <see cref="UnknownObjectTypeText"/>. <c>objects/meta</c> and <c>object/getByEmail</c> (defaults to 0) are the only generic endpoints where it is optional. A named path (<c>/Contacts</c>) overrides <c>objectID</c>.</item>
/// <item><c>range</c> above the cap is clamped to <see cref="SandboxOptions.MaxRange"/>; <c>range</c> ≤ 0 means the default; negative <c>start</c> is 0; a non-integer <c>start</c>/<c>range</c>/<c>id</c>/<c>ids</c>/<c>objectID</c> → 400.</item>
/// <item><c>ids</c> entries equal to 0 are dropped (<c>ids=0</c> = no id filter). All given filters (ids, group, condition, search) must hold together.</item>
/// <item><c>sort</c> on an unknown field → 400 <c>Invalid query</c>. Sorting is SQL-like: nulls first, numeric fields as numbers, text case-insensitively, ties by id; <c>sortDir</c> other than <c>desc</c> is ascending. Default order is by id.</item>
/// <item><c>listFields</c> on lists: <c>id</c> plus the named columns in request order; unknown names come back as null rather than refused. A single-record GET ignores it.</item>
/// <item><c>externs</c> (<c>lookup//field</c>, chains allowed) on lists: a hop that is not a lookup field or an unknown final field → 400 <c>Invalid query</c>; a missing related record gives null.</item>
/// <item><c>count=true</c> on a list puts the total in <c>misc</c>: <c>"misc":{"count":"N"}</c> (the 2025 flag's response shape is not public); otherwise <c>misc</c> is <c>[]</c>.</item>
/// <item><c>search</c> is a case-insensitive substring of any text-like field (text, longtext, email, phone, sms, url, address, state, country), of "first last" on contacts, or the exact id. <c>searchNotes</c> also matches records with a Note (12) whose text contains it.</item>
/// <item><c>group_id</c> (or <c>group_ids</c>) applies the group's stored <c>criteria</c> (same JSON as <c>condition</c>); a group of another object type or an unknown group selects nothing.</item>
/// <item><c>getInfo</c> <c>listFields</c> defaults per type follow the SDK test captures where they exist (contacts, tasks, messages, pages, invoices, rules, automations, cards). <c>sums</c>: Transactions (46) <c>total</c> (verified) and, by choice, Purchases (17) <c>total_price</c>, Payments (227) <c>amount</c>, Deals (149) <c>value</c> and <c>weighted_value</c>, Contacts (0) <c>spent</c>, Commissions (38) <c>amount</c>, Projects (10000) budget; JSON numbers rounded to 2 decimals.</item>
/// <item><c>getByEmail</c> searches contacts only (other types → 400); the match is case-insensitive; no match or a malformed email → 404 <see cref="EmailNotFoundText"/>; ids are strings.</item>
/// <item><c>objects/tag</c> GET: <c>tag_name</c> matches case-insensitively across tags of any type; an unknown tag gives an empty list.</item>
/// <item><c>objects/meta</c> <c>format=byName</c> keys the same entries by object name and adds <c>"id"</c> to each; another format → 400. Custom fields are <c>deletable "1"</c>, built-in fields <c>"0"</c>; lookup fields show <c>editable null</c> like the captured sample; <c>parent_object</c> is a string.</item>
/// <item><c>objects/fieldeditor</c> GET: sections keyed by a 1-based id in field order, fields split into up to 3 columns in order; field ids are the number in <c>fNNNN</c> or type×1000+position; <c>options</c> is a string (JSON of the option map for drop-downs, else ""). <c>section=</c> (name or id) returns that one section object, <c>field=</c> (name or alias) that one field object; unknown → 404.</item>
/// </list>
/// <para><b>Criteria</b></para>
/// <list type="number">
/// <item>Only the SDK's operators are accepted (<c>= &lt;&gt; &gt; &lt; &gt;= &lt;= IN, NOT IN, IS, LIKE</c>); anything else, a malformed array, a missing AND/OR between conditions, <c>IS</c> with anything but NULL, <c>IN</c> without a non-empty <c>list</c>, a <c>list</c> with another operator, a <c>field</c> that is not <c>{"field":name}</c>, or an unknown field → 400 <c>Invalid query</c>. Legacy SQL-string conditions are refused the same way.</item>
/// <item>SQL semantics: AND binds tighter than OR; null values fail every operator but <c>IS NULL</c> (also <c>&lt;&gt;</c> and <c>NOT IN</c>); values compare as numbers when both sides parse, otherwise as case-insensitive text; <c>LIKE</c> has <c>%</c>, <c>_</c> and <c>\</c> escapes, case-insensitive.</item>
/// <item>An empty condition (<c>[]</c>) is no filter.</item>
/// </list>
/// <para><b>Writes</b></para>
/// <list type="number">
/// <item>Generic writes obey the per-type access of ontraport-api.md §4 (full CRUD 0, 6, 12, 14, 16, 149, 150, ≥10000; Tasks GET/PUT; Messages GET/DELETE; Orders GET/DELETE; Offers GET/POST/PUT; Groups GET/DELETE; everything else GET). Refused → 400 <see cref="AccessDeniedText"/>.</item>
/// <item>Unknown field names in a create/update are ignored; <c>id</c>, <c>dlm</c> and <c>unique_id</c> cannot be written. Values are stored as given (numbers as their JSON text); no type coercion or normalisation (country names stay as sent). The create response echoes submitted JSON numbers/booleans with their JSON type (verified quirk).</item>
/// <item>Required fields missing on create → 400 <see cref="MissingRequiredText"/>: Products/Deals/Companies/Groups/Task Outcomes/Offers <c>name</c>, Tags <c>tag_name</c>, Rules <c>events</c>+<c>actions</c>, the Project name.</item>
/// <item>Server defaults on create: <c>owner</c> <see cref="DefaultOwnerId"/>, <c>date</c>/<c>dlm</c>/<c>dla</c> now, <c>system_source</c> <see cref="ApiSystemSource"/>, <c>bulk_mail</c> <see cref="NewRecordBulkMail"/>, <c>bulk_sms</c> <see cref="NewRecordBulkSms"/>, empty membership lists, a generated 10-character <c>unique_id</c>, <c>deleted</c> "false", <c>pause</c> "0", <c>object_type_id</c> "0", contacts <c>spent</c> "0.00".</item>
/// <item>An invalid email on a contact (create, update, saveorupdate) → 422 <see cref="InvalidEmailText"/>; nothing is stored.</item>
/// <item>Update: <c>attrs</c> holds the changed fields (in request order), then <c>dlm</c> and <c>id</c>; <c>dlm</c> moves only when something changed.</item>
/// <item>saveorupdate matches on <c>unique_id</c> first, then contacts on email (case-insensitive), other types on their first unique field the request fills; several matches → the lowest id. <c>ignore_blanks</c> skips blank values; otherwise a blank value is stored as "".</item>
/// <item>Writing <c>contact_cat</c>/<c>updateSequence</c>/<c>updateCampaign</c> through create/update sets the memberships exactly (join tables follow); unknown ids are dropped.</item>
/// <item>Deleting a record drops its tag/sequence/automation memberships; deleting a tag, sequence or automation removes it from every record. Notes, tasks and logs of a deleted contact stay.</item>
/// <item>Delete-many without ids, condition, search or group (with or without <c>performAll</c>) is ignored: 200 with <c>data</c> = <see cref="DeleteAllIgnoredText"/>.</item>
/// <item>Bulk actions (tag, sequence, subscribe, pause) need <c>ids</c>, a filter, or <c>performAll</c>; none → 400 <see cref="MissingTargetText"/>. <c>performAll</c> alone means every record. Unknown tag/sequence/automation ids are skipped silently. Tagging needs a type with <c>contact_cat</c> (contacts, companies, deals, custom objects), else 400.</item>
/// <item>Tag Subscribers (138) rows are <c>tag_id, object_type_id, object_id, date</c>; Sequence Subscribers (8) rows are <c>sequence_id, object_type_id, object_id, subscribed, step, pause, date, dlm</c>; unsubscribing deletes the row. Automation membership is the record's <c>updateCampaign</c> plus the automation's <c>subs</c>/<c>subs_ever</c> counters and an Automation Log Item (100).</item>
/// <item>tagByName matches names case-insensitively among tags of the request's object type and creates the missing ones with that <c>object_type_id</c>; removing an unknown name is a no-op.</item>
/// <item>Pause/unpause set the <c>pause</c> field ("1"/"0", and <c>dlm</c>) of Sequences (5), Rules (6), Sequence Subscribers (8) and Automations (140); other types → 400 <see cref="PauseNotSupportedText"/>.</item>
/// </list>
/// <para><b>Inferred object shapes</b> (field names not public): Groups (3) <c>criteria</c>; Log Items (4) <c>type</c> codes; Notes (12) <c>type</c> 0 note/1 call/2 email/3 meeting; Sequences (5) <c>pause</c>/<c>step_count</c>;
/// Scheduled Broadcasts (23); Gateways (70); Payments (227); Custom Object Relationships (102) as parent/child links; Users (2) <c>role</c>/<c>timezone</c>; Task Outcomes (66); task-message <c>task_form</c> as a JSON list of
/// <c>{field, alias, required}</c>; Surveys (172); partner objects (35–38); order/open-order status codes; the contact lookup to Companies (<c>f1600</c>).</para>
/// </remarks>
internal static partial class SandboxChoices
{
    public const string PlainTextContentType = "text/plain; charset=utf-8";
    public const string JsonContentType = "application/json";

    public const string UnauthorizedText = "Unauthorized: send the Api-Appid and Api-Key headers.";
    public const string PathNotFoundText = "Not Found: no such endpoint.";
    public const string MethodNotAllowedText = "Method Not Allowed";
    public const string InternalErrorText = "Internal Server Error";
    public const string UnsupportedMediaTypeText = "Unsupported Media Type: send application/json or application/x-www-form-urlencoded.";
    public const string MalformedBodyText = "Your request data is not properly formed.";

    /// <summary>Verified: the body of a 400 for an unknown field in a condition (ontraport-api.md §1.5).</summary>
    public const string InvalidQueryText = "Invalid query";

    public const string MissingObjectIdText = "Bad Request: objectID is required.";
    public const string MissingIdText = "Bad Request: id is required.";
    public const string MissingTargetText = "Bad Request: ids, group_id, condition, search or performAll is required.";
    public const string InvalidEmailText = "Invalid email address";
    public const string EmailNotFoundText = "Not Found: no object with this email.";
    public const string DeleteAllIgnoredText = "Ignored: a delete without ids, condition, search or group_id would delete every record, so nothing was deleted.";

    public const string DefaultOwnerId = "1";
    public const string ApiSystemSource = "3";
    public const string NewRecordBulkMail = "0";
    public const string NewRecordBulkSms = "0";

    public static string RateLimitText(int limit) =>
        $"Too Many Requests - You have exceeded your maximum rate limit of {limit.ToString(CultureInfo.InvariantCulture)} requests per minute.";

    public static string RecordNotFoundText(ObjectTypeSchema type, long id) =>
        string.Create(CultureInfo.InvariantCulture, $"Not Found: {type.Name} {id} does not exist.");

    public static string UnknownObjectTypeText(long id) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: objectID {id} is not an object type of this account.");

    public static string AccessDeniedText(ObjectTypeSchema type, ObjectAccess access) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: {type.Plural} ({type.Id}) does not allow {access.ToString().ToLowerInvariant()} through the object endpoints.");

    public static string MissingRequiredText(string field) => $"Bad Request: {field} is required.";

    public static string PauseNotSupportedText(ObjectTypeSchema type) =>
        string.Create(CultureInfo.InvariantCulture, $"Bad Request: only Sequences (5), Rules (6), Sequence Subscribers (8) and Automations (140) can be paused, not {type.Plural} ({type.Id}).");

    /// <summary>A stable <c>account_id</c> for an app id: 100000–999999 from its FNV-1a hash.</summary>
    public static long AccountIdFor(string appId)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(appId))
        {
            hash = unchecked((hash ^ b) * 1099511628211UL);
        }

        return 100000 + (long)(hash % 900000UL);
    }
}
