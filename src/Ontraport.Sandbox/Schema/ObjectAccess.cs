namespace Ontraport.Sandbox.Schema;

/// <summary>What the generic object endpoints may do with a type (ontraport-api.md §4, last paragraph).</summary>
[Flags]
internal enum ObjectAccess
{
    None = 0,
    Read = 1,
    Create = 2,
    Update = 4,
    Delete = 8,
    All = Read | Create | Update | Delete,
}
