using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Hosting.ToolCalls;

/// <summary>
/// The sentence a person confirms, from the tool's own dry run: what happens (charge, refund, log, create, delete), the
/// amount and currency, who (the contact), with what (the card's last four, the gateway), and how many records.
/// </summary>
public static class ConfirmationMessage
{
    public static string Of(string tool, JsonObject arguments, JsonObject dryRun)
    {
        var what = Text(dryRun["would_charge"]) is { } charge ? $"Charge {charge}"
            : Text(dryRun["would_refund"]) is { } refund ? $"Refund {refund}"
            : Text(dryRun["would_log"]) is { } logged ? $"Record an offline payment of {logged}" + (Text(dryRun["method"]) is { } method ? $" ({method})" : "")
            : dryRun["would_create"] is JsonObject created ? $"Create a {Text(created["status"]) ?? "draft"} invoice of {Text(created["total"])}"
            : dryRun["matching"] is JsonValue matching ? $"Permanently delete {matching.ToJsonString()} {Text(dryRun["object_type"])?.ToLowerInvariant() ?? "records"}"
            : $"Run {tool}";

        var parts = new List<string> { what };
        if ((Contact(dryRun) ?? Text(arguments["contact"])) is { } contact)
        {
            parts.Add("for " + (contact.All(char.IsAsciiDigit) ? "contact " + contact : contact));
        }
        else if (Number(arguments["contact"]) is { } contactId)
        {
            parts.Add("for contact " + contactId);
        }

        if ((Number(arguments["invoice_id"]) ?? Number(arguments["transaction_id"])) is { } invoice && dryRun["would_create"] is null)
        {
            parts.Add($"(invoice {invoice})");
        }

        if (Text(dryRun["card"]) is { } card)
        {
            parts.Add("on " + card);
        }

        if (Text(dryRun["gateway"]) is { } gateway)
        {
            parts.Add($"through {gateway}");
        }

        if (dryRun["condition"] is { } condition)
        {
            parts.Add("matching " + (Text(condition) ?? condition.ToJsonString()));
        }
        else if (arguments["ids"] is JsonArray ids && dryRun["matching"] is not null)
        {
            parts.Add("with ids " + string.Join(", ", ids.Take(20).Select(i => i?.ToJsonString())) + (ids.Count > 20 ? ", …" : ""));
        }

        return $"{string.Join(' ', parts)}. Nothing is sent until you confirm; it is sent once. ({tool})";
    }

    private static string? Contact(JsonObject dryRun)
    {
        foreach (var holder in new[] { dryRun["would_create"], dryRun["transaction"], dryRun["invoice"] })
        {
            if (holder?["contact"] is JsonObject contact)
            {
                return Text(contact["name"]) is { Length: > 0 } name ? $"{name} (contact {Number(contact["id"])})" : $"contact {Number(contact["id"])}";
            }
        }

        return null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? value.ToJsonString().Trim('"') : null;
}
