namespace Ontraport.Mcp.Server.Tests.Planted.Tools;

/// <summary>
/// Planted for <see cref="ArchitectureTests.The_scan_finds_a_use_hidden_in_a_method_body"/>: clean signatures, a method
/// body that reads a field of the host (a member reference into another assembly).
/// </summary>
public static class ReachesIntoTheHost
{
    public static int Count() => Ontraport.Mcp.Server.Hosting.McpEndpoint.SupportedVersions.Count;
}

/// <summary>The same, into a type of its own assembly (a method definition token, no type reference).</summary>
public static class ReachesIntoTheHostNextDoor
{
    public static string Name() => new Hosting.PlantedHost().Name;
}

/// <summary>Uses nothing it should not.</summary>
public static class Clean
{
    public static int Two(int one) => one + one;
}
