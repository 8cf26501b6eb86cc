using System.Collections.Frozen;
using System.Globalization;
using Ontraport.Client.ObjectTypes;

namespace Ontraport.Client.Inferred;

/// <summary>
/// The address of a record in Ontraport's web app, so an answer can link back to it. INFERRED: Ontraport documents no
/// record URLs. What public integrations link to, and the rule read from them:
/// <list type="bullet">
/// <item><c>https://app.ontraport.com/#!/contact/edit&amp;id=5</c>: contacts, in many public integrations (dashboards,
/// Slack notifications, admin tools).</item>
/// <item><c>#!/message/edit&amp;id=…</c> (messages), <c>#!/deal/edit&amp;id=…</c> (deals) and <c>#!/invoice/edit&amp;id=…</c>
/// (transactions, whose meta name is <c>Invoice</c>): one or two public integrations each.</item>
/// <item><c>#!/o_jobs10006/edit&amp;id=16853</c>, <c>#!/o_services10003/…</c>, <c>#!/o_scripts10000/…</c>: custom objects
/// as <c>o_</c> + plural name + object type id.</item>
/// <item>Collections: <c>#!/contact/listAll</c>, <c>#!/api_settings/listAll</c>.</item>
/// </list>
/// So a built-in record is <c>#!/&lt;singular name, lower case&gt;/edit&amp;id=&lt;id&gt;</c> (seen for contact, message,
/// deal and invoice; the same rule for companies, products, offers and the rest is a guess) and a custom object's is
/// <c>#!/o_&lt;plural name, lower case&gt;&lt;type id&gt;/edit&amp;id=&lt;id&gt;</c>. Join rows and logs have no page of their
/// own and get no address. One of the client's labelled guesses (README "Inferred API mappings"): correct it here.
/// </summary>
public static class WebAppUrls
{
    /// <summary>Where Ontraport's web app is served.</summary>
    public const string AppBase = "https://app.ontraport.com/";

    /// <summary>Rows that only join or log other records (no record page in the app).</summary>
    private static readonly FrozenSet<int> WithoutPage = new[]
    {
        ObjectTypeIds.LogItem, ObjectTypeIds.SequenceSubscriber, ObjectTypeIds.AutomationLogItem,
        ObjectTypeIds.TagSubscriber, ObjectTypeIds.CustomObjectRelationship, 30, // Purchase History Logs
    }.ToFrozenSet();

    /// <summary>The web app's address of record <paramref name="id"/> of <paramref name="type"/>, or null when it has none.</summary>
    public static string? Record(ObjectType type, long id)
    {
        if (id <= 0 || WithoutPage.Contains(type.Id))
        {
            return null;
        }

        var page = type.IsCustom
            ? string.Create(CultureInfo.InvariantCulture, $"o_{ObjectTypeRegistry.Normalize(type.Name)}{type.Id}")
            : ObjectTypeRegistry.Normalize(type.SingularName);
        return page.Length == 0 ? null : string.Create(CultureInfo.InvariantCulture, $"{AppBase}#!/{page}/edit&id={id}");
    }
}
