using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ontraport.Mcp.Server.Tests;

/// <summary>The one-way flow (AGENTS.md): the host knows the tools; the tools know nothing of the host.</summary>
public class ArchitectureTests
{
    [Fact]
    public void Tools_use_nothing_of_the_host()
    {
        var assembly = typeof(Tools.ToolCatalog).Assembly;
        var toolTypes = assembly.GetTypes().Where(t => t.Namespace?.StartsWith("Ontraport.Mcp.Server.Tools", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(toolTypes);

        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var offenders = new List<string>();
        foreach (var type in toolTypes.Where(t => t.GetCustomAttribute<CompilerGeneratedAttribute>() is null))
        {
            IEnumerable<Type> used = [
                .. type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType),
                .. type.GetFields(all).Select(f => f.FieldType),
                .. type.GetProperties(all).Select(p => p.PropertyType),
                .. type.GetMethods(all).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)),
            ];
            offenders.AddRange(used.SelectMany(Flatten).Where(IsHost).Select(u => $"{type.FullName} uses {u.FullName}"));
        }

        Assert.True(offenders.Count == 0, string.Join("\n", offenders.Distinct()));
    }

    private static IEnumerable<Type> Flatten(Type type) =>
        type.IsGenericType ? type.GetGenericArguments().SelectMany(Flatten).Append(type) : type.HasElementType ? Flatten(type.GetElementType()!) : [type];

    private static bool IsHost(Type type) => type.Namespace?.StartsWith("Ontraport.Mcp.Server.Hosting", StringComparison.Ordinal) == true;
}
