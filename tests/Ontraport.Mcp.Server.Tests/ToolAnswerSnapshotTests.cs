namespace Ontraport.Mcp.Server.Tests;

/// <summary>
/// Answers are a contract too, beside the schemas (<see cref="ToolSchemaSnapshotTests"/>): one sample call per tool (the
/// table of <see cref="FaultInjectionTests.EveryTool"/>, in its order, on one fresh demo account and a clock that stands
/// still) and its exact text stored under ToolAnswers/. A refactor of how answers are built must leave every byte as it
/// was; a change on purpose is regenerated with UPDATE_TOOL_ANSWERS=1 dotnet test --filter ToolAnswerSnapshot, reviewed,
/// and named in its commit.
/// </summary>
public class ToolAnswerSnapshotTests
{
    [Fact]
    public async Task Every_tool_answers_its_sample_call_exactly_as_its_snapshot()
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_TOOL_ANSWERS") == "1";
        var sourceDirectory = Path.Combine(ProjectDirectory(), "ToolAnswers");
        var outputDirectory = Path.Combine(AppContext.BaseDirectory, "ToolAnswers");
        var answers = await AnswersAsync();
        Assert.Equal(Ontraport.Mcp.Server.Tools.ToolCatalog.All.Select(t => t.Name).Order(StringComparer.Ordinal), answers.Keys.Order(StringComparer.Ordinal));

        var mismatches = new List<string>();
        foreach (var (tool, text) in answers)
        {
            if (update)
            {
                Directory.CreateDirectory(sourceDirectory);
                await File.WriteAllTextAsync(Path.Combine(sourceDirectory, tool + ".txt"), text);
                continue;
            }

            var snapshot = Path.Combine(outputDirectory, tool + ".txt");
            if (!File.Exists(snapshot))
            {
                mismatches.Add($"{tool}: no snapshot (run UPDATE_TOOL_ANSWERS=1 dotnet test --filter ToolAnswerSnapshot)");
            }
            else if (await File.ReadAllTextAsync(snapshot) is var expected && expected != text)
            {
                mismatches.Add($"{tool}: the answer changed at character {FirstDifference(expected, text)}; review it, then run UPDATE_TOOL_ANSWERS=1 dotnet test --filter ToolAnswerSnapshot\n" +
                    $"  expected: {Around(expected, FirstDifference(expected, text))}\n  actual:   {Around(text, FirstDifference(expected, text))}");
            }
        }

        var directory = update ? sourceDirectory : outputDirectory;
        if (Directory.Exists(directory))
        {
            mismatches.AddRange(Directory.GetFiles(directory, "*.txt").Select(Path.GetFileNameWithoutExtension).Except(answers.Keys)
                .Select(s => $"{s}: snapshot of a tool that no longer exists"));
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    [Fact]
    public async Task The_sample_answers_are_the_same_on_every_run()
    {
        // Guards the guard: a snapshot of something that changes by itself (a clock, a random id) would fail at random.
        var first = await AnswersAsync();
        var second = await AnswersAsync();
        Assert.Equal(first, second);
    }

    /// <summary>Each tool's sample answer: its text, after an "ERROR: " line when it is an error result.</summary>
    private static async Task<Dictionary<string, string>> AnswersAsync()
    {
        await using var host = new ServerHost(ServerHost.Weekend);
        await using var client = await host.ConnectAsync();
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (tool, arguments) in FaultInjectionTests.EveryTool)
        {
            var answer = await client.CallAsync(tool, arguments);
            answers[tool] = (answer.IsError ? "ERROR:\n" : "") + answer.Text + "\n";
        }

        return answers;
    }

    private static int FirstDifference(string a, string b)
    {
        var i = 0;
        while (i < a.Length && i < b.Length && a[i] == b[i])
        {
            i++;
        }

        return i;
    }

    private static string Around(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(text.Length - Math.Max(0, at - 40), 120));

    private static string ProjectDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
