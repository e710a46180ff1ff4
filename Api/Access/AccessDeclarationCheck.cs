namespace Ledger.Api.Access;

/// <summary>
/// Stops the service at start when an endpoint declares no access rule (or two), so a forgotten
/// declaration is found by whoever starts the service, not by a caller. Run when the request pipeline
/// is built (by <see cref="CredentialCheck"/>), the first moment every mapped endpoint is known;
/// <see cref="CredentialCheck"/> also refuses such an endpoint per request, for endpoints added later.
/// </summary>
public static class AccessDeclarationCheck
{
    public static void ThrowIfAnyUndeclared(IEnumerable<Endpoint> endpoints)
    {
        var undeclared = Undeclared(endpoints).ToList();
        if (undeclared.Count > 0)
            throw new InvalidOperationException(
                "Endpoints without a usable access declaration (exactly one of RequireRole with a role, AllowPublic, RequireTerminalSignature): "
                + string.Join(", ", undeclared));
    }

    public static IEnumerable<string> Undeclared(IEnumerable<Endpoint> endpoints) =>
        from endpoint in endpoints
        let declaration = AccessRules.DeclarationOf(endpoint)
        where declaration is AccessDeclaration.Missing or AccessDeclaration.Conflicting or AccessDeclaration.ForRoles { Roles.Count: 0 }
        select endpoint.DisplayName ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "?";
}
