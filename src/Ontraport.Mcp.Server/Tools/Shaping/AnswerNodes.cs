using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ontraport.Mcp.Server.Tools.Shaping;

/// <summary>
/// A typed answer (or part of one) as the JSON node the JsonObject dry-run envelope carries
/// (<see cref="ToolOutput.BulkDryRun(IEnumerable{Client.Http.OntraportRequest}, JsonObject, long, string)"/>), serialized by the one
/// context (<see cref="ToolJson"/>): the type decides the names and order, the envelope only wraps it.
/// </summary>
public static class AnswerNodes
{
    public static JsonObject Of<T>(T answer)
        where T : class => JsonSerializer.SerializeToNode(answer, ToolJson.Of<T>())!.AsObject();
}
