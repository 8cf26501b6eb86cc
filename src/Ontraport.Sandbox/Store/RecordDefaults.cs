using System.Globalization;
using Ontraport.Sandbox.Schema;

namespace Ontraport.Sandbox.Store;

/// <summary>The values the server fills in on a new record (ontraport-api.md §2.3; inferred values in <see cref="SandboxChoices"/>).</summary>
internal static class RecordDefaults
{
    private const string UniqueIdAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Fills every server field still null on <paramref name="record"/>.</summary>
    public static void Apply(ObjectTypeSchema type, Record record, string now, int seed)
    {
        SetIfNull(type, record, "owner", SandboxChoices.DefaultOwnerId);
        SetIfNull(type, record, "date", now);
        SetIfNull(type, record, "dlm", now);
        SetIfNull(type, record, "dla", now);
        SetIfNull(type, record, "system_source", SandboxChoices.ApiSystemSource);
        SetIfNull(type, record, "import_id", "0");
        SetIfNull(type, record, "bindex", "0");
        SetIfNull(type, record, "contact_cat", string.Empty);
        SetIfNull(type, record, "updateSequence", string.Empty);
        SetIfNull(type, record, "updateCampaign", string.Empty);
        SetIfNull(type, record, "bulk_mail", SandboxChoices.NewRecordBulkMail);
        SetIfNull(type, record, "bulk_sms", SandboxChoices.NewRecordBulkSms);
        SetIfNull(type, record, "unique_id", UniqueId(seed, type.Id, record.Id));
        SetIfNull(type, record, "deleted", "false");
        SetIfNull(type, record, "pause", "0");
        SetIfNull(type, record, "object_type_id", "0");
        if (type.Id is ObjectTypeIds.Contact)
        {
            SetIfNull(type, record, "spent", "0.00");
        }
    }

    /// <summary>A ten-character code, a pure function of the seed, object type and id (so reproducible).</summary>
    public static string UniqueId(int seed, int objectTypeId, long id)
    {
        var state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ ((ulong)objectTypeId << 40) ^ (ulong)id;
        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            state = Mix(state + (ulong)i);
            chars[i] = UniqueIdAlphabet[(int)(state % (ulong)UniqueIdAlphabet.Length)];
        }

        return new string(chars);
    }

    public static string Unix(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private static void SetIfNull(ObjectTypeSchema type, Record record, string column, string value)
    {
        if (type.HasField(column) && record[column] is null)
        {
            record[column] = value;
        }
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
