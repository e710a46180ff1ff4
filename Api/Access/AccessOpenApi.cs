using System.Text.Json.Nodes;
using Ledger.Api.Terminals;
using Ledger.Domain.Access;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Ledger.Api.Access;

/// <summary>
/// Writes each endpoint's access declaration into the OpenAPI document, from the same metadata that is enforced:
/// <c>x-ledger-access</c> (public, terminal-signature, or the roles) on every operation, and its security: the
/// <c>bearer</c> scheme where a role is needed, the <c>terminalSignature</c> scheme with its three companion headers
/// for terminals, and an explicit empty requirement (<c>[{}]</c>: no credential) on public operations.
/// </summary>
public static class AccessOpenApi
{
    public const string BearerScheme = "bearer";
    public const string TerminalScheme = "terminalSignature";
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
            document.Components.SecuritySchemes[TerminalScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = TerminalAuthentication.SignatureHeader,
                Description = "A terminal's HMAC-SHA256 signature, `v2=` and lowercase hex, keyed with its key's secret, over "
                    + "`v2\\nMETHOD\\nHOST\\nPATH?QUERY\\nCONTENT-TYPE\\nIDEMPOTENCY-KEY\\nTIMESTAMP\\nNONCE\\nhex(SHA-256(body))`, sent "
                    + "with X-Terminal-Key, X-Timestamp and X-Nonce (README.md, \"Terminal signatures\"; docs/TERMINALS.md).",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var roles = metadata.OfType<RolesAllowed>().SelectMany(r => r.Roles).Distinct().Select(r => r.Name()).ToList();
            var isPublic = metadata.OfType<PublicEndpoint>().Any();
            var terminal = metadata.OfType<TerminalSigned>().Any();
            var access = isPublic ? new JsonArray("public")
                : terminal ? new JsonArray("terminal-signature")
                : new JsonArray(roles.Select(r => (JsonNode)JsonValue.Create(r)).ToArray());
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions[Extension] = new JsonNodeExtension(access);
            var scheme = roles.Count > 0 ? BearerScheme : terminal ? TerminalScheme : null;
            operation.Security = scheme is null
                ? [new OpenApiSecurityRequirement()]
                : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] }];
            if (terminal) AddSignatureHeaders(operation);
            return Task.CompletedTask;
        });
    }

    private static void AddSignatureHeaders(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(TerminalAuthentication.KeyHeader, "The signing key's id (tk_...), as registration or rotation answered it.",
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128 }));
        operation.Parameters.Add(Header(TerminalAuthentication.TimestampHeader, "Now, in unix seconds; refused beyond 5 minutes off the server's clock.",
            new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]+$" }));
        operation.Parameters.Add(Header(TerminalAuthentication.NonceHeader, "1 to 128 visible ASCII characters, never used twice with a key.",
            new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 128, Pattern = "^[!-~]+$" }));
    }

    private static OpenApiParameter Header(string name, string description, OpenApiSchema schema) =>
        new() { Name = name, In = ParameterLocation.Header, Required = true, Description = description, Schema = schema };
}
