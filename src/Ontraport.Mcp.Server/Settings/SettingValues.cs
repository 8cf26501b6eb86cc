using System.Globalization;

namespace Ontraport.Mcp.Server.Settings;

/// <summary>
/// How a setting's text is read, for every part of the server that has settings (the host's <c>ServerSettings</c>, the
/// OAuth module's <c>OAuthSettings</c>): lists, flags and bounded whole numbers. It depends on nothing else of the server,
/// so each part can use it without depending on the others.
/// </summary>
public static class SettingValues
{
    /// <summary>Comma- or whitespace-separated list, trimmed, empties dropped.</summary>
    public static List<string> List(string? value) =>
        value is null ? [] : [.. value.Split([',', ' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static bool Flag(string? value) => value?.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on";

    /// <summary>An on/off setting (on, off, true, false, yes, no, 1, 0); absent means <paramref name="fallback"/>, anything else is a problem.</summary>
    public static bool Switch(string? text, bool fallback, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "":
                return fallback;
            case "on" or "true" or "yes" or "1":
                return true;
            case "off" or "false" or "no" or "0":
                return false;
            default:
                problems.Add($"{name} '{text}' must be on or off.");
                return fallback;
        }
    }

    /// <summary>A whole-number setting within a range; a bad value is listed in <paramref name="problems"/>.</summary>
    public static int Integer(string? text, int fallback, int min, int max, string name, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        problems.Add($"{name} '{text}' must be a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>
    /// The API root the Ontraport client uses for the in-process sandbox (never resolved on a network): the host sets it,
    /// the consent page recognises it to say the account is the demo one.
    /// </summary>
    public static readonly Uri InProcessSandboxBase = new("http://sandbox.invalid/1/");
}
