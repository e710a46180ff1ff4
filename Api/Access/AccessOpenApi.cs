using System.Text.Json.Nodes;
using Ledger.Api.Terminals;
using Ledger.Domain.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Api.Access;

/// <summary>
/// Writes each endpoint's access declaration into the OpenAPI document: the bearer scheme where a role
/// is needed, <c>x-ledger-access</c> (public, terminal-signature, or the roles) on every operation,
/// so the published contract says who may call what, from the same metadata that is enforced.
/// </summary>
public static class AccessOpenApi
{
    public const string BearerScheme = "bearer";
    private const string Extension = "x-ledger-access";

    public static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An operator or auditor credential's token (docs/ACCESS.md); 401 when missing, unknown or revoked, 403 for the wrong role.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var roles = metadata.OfType<RolesAllowed>().SelectMany(r => r.Roles).Distinct().Select(r => r.Name()).ToList();
            var access = metadata.OfType<PublicEndpoint>().Any() ? new JsonArray("public")
                : metadata.OfType<TerminalSigned>().Any() ? new JsonArray("terminal-signature")
                : new JsonArray(roles.Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[Extension] = new JsonNodeExtension(access);
            if (roles.Count > 0)
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            return Task.CompletedTask;
        });
    }
}
