using System.Text.RegularExpressions;
using Ontraport.Mcp.Server.Tools;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Issue 20 item 5d: the client says what is wrong in Ontraport's terms and names no tool; the agent still reads the
/// tool that fixes the mistake, added on the server's side, word for word as before.
/// </summary>
public class ToolHintTests : IAsyncLifetime
{
    private ServerHost Host { get; } = new();

    public Task InitializeAsync() => Host.StartAsync();

    public Task DisposeAsync() => Host.DisposeAsync().AsTask();

    [Fact]
    public async Task An_unknown_object_type_name_points_to_list_allowed_object_types()
    {
        var error = (await Host.Client.CallAsync("get_objects", new { object_type = "contcts" })).Error();
        Assert.Equal("Unknown object type 'contcts'. Did you mean 'Contacts'? Call list_allowed_object_types to see the available types.", error);
    }

    [Fact]
    public async Task An_object_type_id_the_account_lacks_points_to_list_allowed_object_types()
    {
        var error = (await Host.Client.CallAsync("get_objects", new { object_type = "9999" })).Error();
        Assert.Equal("There is no object type 9999 in this account. Call list_allowed_object_types to see the available types.", error);
    }

    [Fact]
    public async Task An_unknown_field_in_a_condition_with_no_close_name_points_to_get_object_meta()
    {
        var error = (await Host.Client.CallAsync("count_objects", new { object_type = "contacts", condition = "zzqqxxww = 1" })).Error();
        Assert.Equal("condition: Field 'zzqqxxww' is not on Contacts; call get_object_meta to list its fields.", error);
    }

    [Fact]
    public async Task An_unknown_field_with_a_close_name_gets_the_suggestion_and_no_tool()
    {
        var error = (await Host.Client.CallAsync("count_objects", new { object_type = "contacts", condition = "emial = a@b.example" })).Error();
        Assert.StartsWith("condition: Field 'emial' is not on Contacts; did you mean 'email'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("get_object_meta", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_field_in_a_field_list_points_to_get_object_meta()
    {
        var error = (await Host.Client.CallAsync("get_objects", new { object_type = "contacts", fields = new[] { "zzqqxxww" } })).Error();
        Assert.Equal("fields: field 'zzqqxxww' is not on Contacts; call get_object_meta to list its fields.", error);
    }

    [Fact]
    public void No_string_in_the_client_names_a_tool()
    {
        // Tool names with an underscore: "search" and "fetch" are also Ontraport's own words.
        var names = ToolCatalog.All.Select(t => t.Name).Where(n => n.Contains('_', StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(names);
        var client = Path.Combine(RepositoryRoot(), "src", "Ontraport.Client");
        var offenders = Directory.EnumerateFiles(client, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => File.ReadLines(file)
                .Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal))
                .SelectMany(line => Regex.Matches(line, "\"(?:[^\"\\\\]|\\\\.)*\"").Select(m => m.Value))
                .Where(literal => names.Any(name => Regex.IsMatch(literal, $"\\b{name}\\b")))
                .Select(literal => $"{Path.GetFileName(file)}: {literal}"))
            .ToList();
        Assert.Empty(offenders);
    }

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
