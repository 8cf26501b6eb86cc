namespace Ontraport.Client.ObjectTypes;

/// <summary>The HTTP methods the generic CRUD tools may use on an object type (the seed's "Access" column).</summary>
[Flags]
public enum GenericAccess
{
    None = 0,
    Get = 1,
    Post = 2,
    Put = 4,
    Delete = 8,
    All = Get | Post | Put | Delete,
}
