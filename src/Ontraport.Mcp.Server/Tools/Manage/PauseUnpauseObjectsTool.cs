using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Ontraport.Client.ObjectTypes;
using Ontraport.Client.Objects;
using Ontraport.Mcp.Server.Tools.Shaping;

namespace Ontraport.Mcp.Server.Tools.Manage;

[McpServerToolType, Toolset(Toolsets.Manage)]
public sealed class PauseUnpauseObjectsTool(ToolSession session, RecordLookup lookup)
{
    /// <summary>What objects/pause accepts (API reference §2): Sequences, Rules, Sequence Subscribers, Automations.</summary>
    private static readonly int[] Pausable = [5, 6, 8, 140];

    private readonly NamedRecords _named = new(session, lookup);

    [McpServerTool(Name = "pause_unpause_objects", Title = "Pause or resume", ReadOnly = false, Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Pause or resume automations, sequences, rules or sequence subscribers.")]
    public async Task<CallToolResult> PauseUnpauseObjects(
        [AllowedValues("pause", "unpause")] string action,
        string object_type,
        long[]? ids = null,
        string[]? names = null,
        [Range(1, int.MaxValue)] int? confirm_count = null,
        bool dry_run = false,
        CancellationToken cancellationToken = default)
    {
        var pause = ManageArguments.Choice(action, ["pause"], ["unpause", "resume", "unpaused"]);
        var type = await session.ObjectTypeAsync(object_type, cancellationToken);
        if (!Pausable.Contains(type.Id))
        {
            throw new ToolInputException($"{type.Name} ({type.Id}) cannot be paused. pause_unpause_objects works on Automations (140), Sequences (5), Rules (6) and Sequence Subscribers (8).");
        }

        var idList = ManageArguments.Ids(ids, "ids");
        var nameList = ManageArguments.Names(names, "names");
        if (idList.Count + nameList.Count == 0)
        {
            throw new ToolInputException($"Say which {type.Name.ToLowerInvariant()}: ids or names.");
        }

        if (type.Id == ObjectTypeIds.SequenceSubscriber && nameList.Count > 0)
        {
            throw new ToolInputException("Sequence subscribers have no names; give their ids (see get_subscribers), or pause the whole sequence with object_type sequences.");
        }

        var count = idList.Count + nameList.Count;
        if (!dry_run)
        {
            ToolSession.EnsureBulkConfirmed(count, confirm_count, pause ? "pause" : "unpause");
        }

        string[] fields = type.Id == ObjectTypeIds.SequenceSubscriber ? ["sequence_id", "pause", "object_id"] : ["name", "pause"];
        var records = await _named.ResolveAsync(type, idList, nameList, "ids", "names", fields, cancellationToken);
        var wanted = pause ? "1" : "0";
        var changing = records.Where(r => r["pause"] != wanted).ToList();
        var already = records.Except(changing).ToList();
        var alreadyList = already.Count > 0 ? List(already, type.Id) : null;
        var answer = new PauseAnswer
        {
            Action = pause ? "pause" : "unpause",
            ObjectType = type.Name,
            Records = records.Count,
            Paused = pause ? List(changing, type.Id) : null,
            Unpaused = pause ? null : List(changing, type.Id),
            AlreadyPaused = pause ? alreadyList : null,
            AlreadyLive = pause ? null : alreadyList,
        };
        if (changing.Count == 0)
        {
            return ToolOutput.Json(answer with { Note = $"Nothing to do: {(already.Count == 1 ? "it is" : "they are")} already {(pause ? "paused" : "live")}. Nothing was sent." });
        }

        var request = ObjectRequests.Pause(type.Id, pause, [.. changing.Select(r => r.Id)]);
        if (dry_run)
        {
            return ToolOutput.BulkDryRun([request], AnswerNodes.Of(answer), count, "act on");
        }

        await session.Client.Objects.SendActionAsync(request, cancellationToken);
        return ToolOutput.Json(answer with { Status = pause ? "Paused" : "Live" });
    }

    private static List<object> List(IEnumerable<OntraportRecord> records, int typeId) =>
        [.. records.Take(50).Select(r => typeId == ObjectTypeIds.SequenceSubscriber
            ? (object)new SubscriberRef(r.Id, r.GetLong("sequence_id"), r.GetLong("object_id"))
            : new ListedRef(r.Id, r["name"]))];
}
