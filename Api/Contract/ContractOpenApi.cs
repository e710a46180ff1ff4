using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Api.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Ledger.Api.Contract;

/// <summary>
/// Makes /openapi/v1.json a contract generators can use: every operation's problem answers (its own
/// <see cref="ProblemAnswer"/>s and the <see cref="ProblemConventions"/>), with their type URNs; the Idempotency-Key
/// header where a command takes one; request examples; tag descriptions, the document's info and its server. The
/// per-endpoint facts (name, summary, success answers, own problems, example) are declared where the endpoint is mapped;
/// access and security come from <see cref="Access.AccessOpenApi"/>. docs/CONTRACT.md describes how it is checked.
/// </summary>
public static class ContractOpenApi
{
    public const string ProblemJson = "application/problem+json";
    /// <summary>The problem types an answer may carry, as a list of URNs (generators keep extensions; people read the description).</summary>
    public const string ProblemTypesExtension = "x-problem-types";
    private const string ProblemSchema = "Problem";

    public static WebApplicationBuilder AddContract(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<OpenApiOptions>("v1", Describe);
        return builder;
    }

    private static void Describe(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, context, _) =>
        {
            document.Info.Title = "Ledger";
            document.Info.Version = "1.0.0";
            document.Info.Description = "The back office of face payment tills: terminals take payments, operators run wallets, merchants and "
                + "terminals, auditors read the signed history. Errors are RFC 9457 problems (application/problem+json) whose type is "
                + "urn:ledger:problem:{code}; every state change takes an Idempotency-Key. See README.md and docs/ACCESS.md of the repository.";
            document.Info.License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Ledger-Proprietary" };
            // The generator names the server the request came to with a trailing slash; paths already start with one.
            foreach (var server in document.Servers ?? [])
                server.Url = server.Url?.TrimEnd('/');
            // The generator lists the tags the operations use, by name only.
            document.Tags ??= new HashSet<OpenApiTag>();
            foreach (var tag in document.Tags)
                tag.Description = ApiTags.Descriptions.GetValueOrDefault(tag.Name ?? "");
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            if (metadata.OfType<IdempotentCommand>().Any()) AddIdempotencyKey(operation);
            if (metadata.OfType<RequestExample>().FirstOrDefault() is { } example
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var body) == true && body is OpenApiMediaType media)
                media.Example = JsonSerializer.SerializeToNode(example.Value, example.Value.GetType(), json);

            var content = operation.RequestBody?.Content;
            var shape = new ProblemConventions.Shape(metadata.ToList(),
                JsonBody: content?.ContainsKey("application/json") == true,
                MultipartBody: content?.ContainsKey("multipart/form-data") == true,
                TypedQuery: context.Description.ParameterDescriptions.Any(p =>
                    p.Source == Microsoft.AspNetCore.Mvc.ModelBinding.BindingSource.Query && p.Type != typeof(string)));
            var schema = await ProblemSchemaAsync(context, ct);
            operation.Responses ??= new OpenApiResponses();
            foreach (var problem in ProblemConventions.AllOf(shape))
                operation.Responses[problem.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(problem, schema);
        });
    }

    private static async Task<IOpenApiSchema> ProblemSchemaAsync(OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(ProblemSchema) != true)
            document.AddComponent(ProblemSchema, await context.GetOrCreateSchemaAsync(typeof(ProblemResponse), null, ct));
        return new OpenApiSchemaReference(ProblemSchema, document);
    }

    private static OpenApiResponse Response(ProblemAnswer problem, IOpenApiSchema schema)
    {
        var types = problem.Types.ToList();
        return new OpenApiResponse
        {
            Description = $"{ReasonPhrase(problem.Status)}: a problem of type {string.Join(", ", types)}.",
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemJson] = new() { Schema = schema } },
            Extensions = new Dictionary<string, IOpenApiExtension>
            {
                [ProblemTypesExtension] = new JsonNodeExtension(new JsonArray(types.Select(t => (JsonNode)JsonValue.Create(t)).ToArray())),
            },
        };
    }

    private static string ReasonPhrase(int status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"Status {status}";

    private static void AddIdempotencyKey(OpenApiOperation operation)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = CommandContexts.IdempotencyHeader,
            In = ParameterLocation.Header,
            Required = true,
            Description = "1 to 255 visible ASCII characters, unique per operation: the same key and body replays the first answer "
                + "(with Idempotent-Replayed: true), the same key with another body is 409 idempotency-conflict.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = 255, Pattern = "^[!-~]+$" },
        });
    }
}
