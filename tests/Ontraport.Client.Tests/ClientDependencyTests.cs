namespace Ontraport.Client.Tests;

/// <summary>
/// The client knows no web framework and no store (issue 20, item 5): its assembly references neither ASP.NET Core nor
/// StackExchange.Redis. A host brings its own store through <see cref="RateLimiting.IRateLimitStore"/>.
/// </summary>
public class ClientDependencyTests
{
    [Fact]
    public void The_client_references_neither_ASP_NET_Core_nor_Redis()
    {
        var references = typeof(OntraportClient).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.Contains(references, r => r.StartsWith("Microsoft.Extensions.Http", StringComparison.Ordinal)); // the check sees references at all
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.DoesNotContain(references, r => r.StartsWith("StackExchange.Redis", StringComparison.Ordinal));

        // Nor could it start to: the project asks for no shared framework and no Redis package.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Ontraport.Mcp.sln")))
        {
            root = root.Parent;
        }

        var project = File.ReadAllText(Path.Combine(root!.FullName, "src", "Ontraport.Client", "Ontraport.Client.csproj"));
        Assert.DoesNotContain("<FrameworkReference", project, StringComparison.Ordinal);
        Assert.DoesNotContain("StackExchange.Redis", project, StringComparison.Ordinal);
    }
}
