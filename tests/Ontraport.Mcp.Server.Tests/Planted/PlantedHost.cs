namespace Ontraport.Mcp.Server.Tests.Planted.Hosting;

/// <summary>A stand-in for a host type in the test assembly (see <see cref="Tools.ReachesIntoTheHostNextDoor"/>).</summary>
public sealed class PlantedHost
{
    public string Name { get; } = "host";
}
