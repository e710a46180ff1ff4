namespace Ledger.Domain.Access;

/// <summary>
/// What a bearer credential may do. Operators run the business (onboard, enrol, freeze, refund);
/// auditors only read, and every read of theirs is recorded. Terminals are not a role: they sign requests.
/// </summary>
public enum Role
{
    Operator,
    Auditor,
}

public static class Roles
{
    /// <summary>The stored and printed name of a role: <c>operator</c>, <c>auditor</c>.</summary>
    public static string Name(this Role role) => role switch
    {
        Role.Operator => "operator",
        Role.Auditor => "auditor",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static bool TryParse(string? text, out Role role)
    {
        (var ok, role) = text switch
        {
            "operator" => (true, Role.Operator),
            "auditor" => (true, Role.Auditor),
            _ => (false, default),
        };
        return ok;
    }
}
