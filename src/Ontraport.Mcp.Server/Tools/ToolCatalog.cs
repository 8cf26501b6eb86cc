using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using ModelContextProtocol.Server;
using Ontraport.Mcp.Server.Tools.Parameters;
using Ontraport.Mcp.Server.Tools.Prompts;

namespace Ontraport.Mcp.Server.Tools;

/// <summary>One tool as declared in code: its name, toolset and annotations.</summary>
public sealed record ToolDescriptor(string Name, string Toolset, bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld, Type DeclaringType, MethodInfo Method)
{
    /// <summary>Can charge, refund or otherwise move money (<see cref="MoneyMovingAttribute"/>).</summary>
    public bool MoneyMoving => Method.GetCustomAttribute<MoneyMovingAttribute>() is not null;

    /// <summary>
    /// Acts only with a person's yes (money-moving tools and <see cref="AsksFirstAttribute"/>): its call schema takes the shared
    /// <c>confirmation</c> argument, which the call chain reads and removes before the tool runs.
    /// </summary>
    public bool AsksFirst => MoneyMoving || Method.GetCustomAttribute<AsksFirstAttribute>() is not null;

    /// <summary>
    /// The schema a call is checked against (the call chain's <c>ToolArguments</c>): the published one, plus the shape of what the
    /// instructions define once (<see cref="ToolSchema.Published"/>). Set by <see cref="Create"/>.
    /// </summary>
    public JsonElement? CallSchema => _callSchema?.Value;

    // A reference, so that hosts created in parallel (tests) never read half of a struct another one is writing.
    private volatile System.Runtime.CompilerServices.StrongBox<JsonElement>? _callSchema;

    /// <summary>
    /// The SDK tool for this method (name, title, description and annotations from its attributes), with its input
    /// schema compacted by <see cref="ToolSchema"/> and every hint explicit (<see cref="ToolSchema.ExplicitAnnotations"/>).
    /// A tool class is created per call from the request's services.
    /// </summary>
    public McpServerTool Create(IServiceProvider services)
    {
        var options = new McpServerToolCreateOptions { Services = services };
        var tool = Method.IsStatic
            ? McpServerTool.Create(Method, target: null, options)
            : McpServerTool.Create(Method, request => ActivatorUtilities.CreateInstance(request.Services ?? services, DeclaringType), options);
        var callSchema = ToolSchema.Compact(tool.ProtocolTool.InputSchema, Method); // the same every time: it depends on the method only
        _callSchema ??= new(AsksFirst ? ToolSchema.WithConfirmation(callSchema) : callSchema);
        tool.ProtocolTool.InputSchema = ToolSchema.Published(callSchema, Method);

        // One title, not two. Protocol 2025-03-26 has only annotations.title; 2025-06-18 and later show
        // "title, then annotations.title, then name", so annotations.title is the one every client of 2025-03-26 to
        // 2026-07-28 reads. The SDK needs neither (its client's Title falls back the same way).
        tool.ProtocolTool.Title = null;
        tool.ProtocolTool.Annotations = ToolSchema.ExplicitAnnotations(tool.ProtocolTool.Annotations);
        return tool;
    }
}

/// <summary>Every tool of this server, found by reflection over <see cref="McpServerToolTypeAttribute"/> classes.</summary>
public static class ToolCatalog
{
    public static IReadOnlyList<ToolDescriptor> All { get; } = Discover();

    private static readonly FrozenDictionary<string, ToolDescriptor> ByName = All.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public static ToolDescriptor? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The classes holding this server's MCP prompts (the seed's four use cases).</summary>
    public static IReadOnlyList<Type> PromptTypes { get; } = [typeof(UseCasePrompts)];

    /// <summary>Every prompt of <see cref="PromptTypes"/>, for <c>WithPrompts</c>; a call missing a required argument is refused by name.</summary>
    public static IEnumerable<McpServerPrompt> Prompts =>
        PromptTypes.SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<McpServerPromptAttribute>() is not null)
            .Select(m => (McpServerPrompt)new RequiredArgumentsPrompt(McpServerPrompt.Create(m)));

    /// <summary>Registers every tool of <see cref="All"/>, each built by <see cref="ToolDescriptor.Create"/>.</summary>
    public static IMcpServerBuilder WithOntraportTools(this IMcpServerBuilder builder)
    {
        foreach (var tool in All)
        {
            builder.Services.AddSingleton(services => tool.Create(services));
        }

        return builder;
    }

    private static List<ToolDescriptor> Discover() =>
    [
        .. typeof(ToolCatalog).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<McpServerToolTypeAttribute>() is not null)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
                .Select(m => (Type: t, Method: m, Tool: m.GetCustomAttribute<McpServerToolAttribute>()))
                .Where(x => x.Tool is not null)
                .Select(x => new ToolDescriptor(
                    x.Tool!.Name ?? x.Method.Name,
                    x.Type.GetCustomAttribute<ToolsetAttribute>()?.Name ?? "",
                    x.Tool.ReadOnly,
                    x.Tool.Destructive,
                    x.Tool.Idempotent,
                    x.Tool.OpenWorld,
                    x.Type,
                    x.Method)))
            .OrderBy(t => t.Name, StringComparer.Ordinal),
    ];
}
