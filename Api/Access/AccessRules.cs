using Ledger.Api.Terminals;
using Ledger.Domain.Access;

namespace Ledger.Api.Access;

/// <summary>Endpoint metadata: callers holding a bearer credential with one of these roles may call the endpoint.</summary>
public sealed record RolesAllowed(IReadOnlyList<Role> Roles);

/// <summary>Endpoint metadata: anyone may call the endpoint, no credential asked (health, OpenAPI, the audit public key).</summary>
public sealed record PublicEndpoint;

/// <summary>
/// Every endpoint declares who may call it: <see cref="RequireRole{TBuilder}"/>, <see cref="AllowPublic{TBuilder}"/>
/// or a terminal signature (<see cref="TerminalAuthentication.RequireTerminalSignature"/>). An endpoint that
/// declares nothing is refused to everybody, and the service does not start with one (<see cref="AccessDeclarationCheck"/>).
/// </summary>
public static class AccessRules
{
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, params Role[] roles) where TBuilder : IEndpointConventionBuilder
    {
        if (roles.Length == 0) throw new ArgumentException("Name at least one role.", nameof(roles));
        return builder.WithMetadata(new RolesAllowed(roles));
    }

    public static TBuilder AllowPublic<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new PublicEndpoint());

    /// <summary>The endpoint's declaration, or why it has none that can be enforced.</summary>
    public static AccessDeclaration DeclarationOf(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        var roles = metadata.GetOrderedMetadata<RolesAllowed>();
        var kinds = (roles.Count > 0 ? 1 : 0) + (metadata.GetMetadata<PublicEndpoint>() is null ? 0 : 1)
                    + (metadata.GetMetadata<TerminalSigned>() is null ? 0 : 1);
        if (kinds == 0) return new AccessDeclaration.Missing();
        if (kinds > 1) return new AccessDeclaration.Conflicting();
        if (metadata.GetMetadata<PublicEndpoint>() is not null) return new AccessDeclaration.Public();
        if (metadata.GetMetadata<TerminalSigned>() is not null) return new AccessDeclaration.Terminal();
        // A group's RequireRole and the endpoint's own both apply: the caller needs a role that every one of them allows.
        return new AccessDeclaration.ForRoles(roles.Skip(1).Aggregate(roles[0].Roles.ToHashSet(), (allowed, r) =>
        {
            allowed.IntersectWith(r.Roles);
            return allowed;
        }));
    }
}

public abstract record AccessDeclaration
{
    public sealed record Public : AccessDeclaration;
    public sealed record Terminal : AccessDeclaration;
    public sealed record ForRoles(IReadOnlySet<Role> Roles) : AccessDeclaration;
    public sealed record Missing : AccessDeclaration;
    public sealed record Conflicting : AccessDeclaration;
}
