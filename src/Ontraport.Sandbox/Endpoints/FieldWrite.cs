using System.Globalization;
using Ontraport.Sandbox.Http;
using Ontraport.Sandbox.Schema;
using Ontraport.Sandbox.Store;

namespace Ontraport.Sandbox.Endpoints;

/// <summary>One field value a create or update request carries, resolved against the schema.</summary>
/// <param name="Column">The column as the schema spells it.</param>
/// <param name="Value">The value to store (string or null).</param>
/// <param name="Source">The parameter as it arrived (to echo its JSON type on create).</param>
internal sealed record FieldWrite(string Column, string? Value, ParameterValue Source)
{
    private static readonly HashSet<string> Protected = new(StringComparer.OrdinalIgnoreCase) { "id", "dlm", "unique_id" };

    /// <summary>The request's field values in request order; unknown names and server-owned fields are ignored.</summary>
    public static List<FieldWrite> From(ApiParameters parameters, ObjectTypeSchema type, bool ignoreBlanks)
    {
        var writes = new List<FieldWrite>();
        foreach (var name in parameters.Names)
        {
            if (type.Field(name) is not { } field || Protected.Contains(field.Name) || parameters.Get(name) is not { } source)
            {
                continue;
            }

            var value = Memberships.IsMembershipColumn(field.Name) && source.Items is { } items
                ? IdList.Format(items.Select(i => long.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0))
                : source.Text;
            if (ignoreBlanks && string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            writes.Add(new FieldWrite(field.Name, value, source));
        }

        return writes;
    }

    /// <summary>Refuses what the server refuses before anything is stored: a bad contact email (422), a missing required field.</summary>
    public static void Validate(ObjectTypeSchema type, IReadOnlyList<FieldWrite> writes, bool creating)
    {
        if (type.Id == ObjectTypeIds.Contact
            && writes.FirstOrDefault(w => w.Column == "email") is { Value: { Length: > 0 } email }
            && !EmailAddress.IsValid(email.Trim()))
        {
            throw new ApiError(422, SandboxChoices.InvalidEmailText);
        }

        if (!creating)
        {
            return;
        }

        foreach (var field in type.Fields.Where(f => f.Required))
        {
            if (!writes.Any(w => w.Column == field.Name && !string.IsNullOrWhiteSpace(w.Value)))
            {
                throw ApiError.BadRequest(SandboxChoices.MissingRequiredText(field.Name));
            }
        }
    }
}
