using Ontraport.Client.Objects;

namespace Ontraport.Client.Tasks;

/// <summary>A task's <c>status</c> (API reference §5.3): 0 pending, 1 complete, 2 cancelled.</summary>
public enum TaskState
{
    Pending = 0,
    Complete = 1,
    Cancelled = 2,
}

public static class TaskStates
{
    /// <summary>The state of a task record; an unset or unknown status reads as pending.</summary>
    public static TaskState Of(OntraportRecord task) => task.GetLong("status") switch
    {
        1 => TaskState.Complete,
        2 => TaskState.Cancelled,
        _ => TaskState.Pending,
    };

    public static string Word(TaskState state) => state switch
    {
        TaskState.Complete => "complete",
        TaskState.Cancelled => "cancelled",
        _ => "pending",
    };
}
