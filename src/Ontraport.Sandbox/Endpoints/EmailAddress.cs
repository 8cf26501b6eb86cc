namespace Ontraport.Sandbox.Endpoints;

/// <summary>The email check behind <c>422</c> on contacts (ontraport-api.md §1.5): one <c>@</c>, a dotted domain, no spaces.</summary>
internal static class EmailAddress
{
    public static bool IsValid(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != email.LastIndexOf('@') || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var domain = email[(at + 1)..];
        var dot = domain.LastIndexOf('.');
        return dot > 0 && dot < domain.Length - 2 && !domain.Contains("..", StringComparison.Ordinal);
    }
}
