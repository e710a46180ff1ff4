using Ledger.Api.Contract;
using FluentValidation;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Terminals;
using Marten;

namespace Ledger.Api.Terminals;

/// <summary>A signing key as handed to the terminal's installer. <see cref="Secret"/> is present only in the first answer.</summary>
public sealed record TerminalKeyResponse(string KeyId, string? Secret);

public sealed record RotatedKeyResponse(Guid TerminalId, string KeyId, string Secret, DateTimeOffset OldKeysValidUntil);

/// <param name="OverlapSeconds">How long the terminal's earlier keys stay valid (default one day, at most 30 days, 0 ends them now).</param>
public sealed record RotateKeyRequest(int? OverlapSeconds);

public sealed class RotateKeyRequestValidator : AbstractValidator<RotateKeyRequest>
{
    public const int MaxOverlapSeconds = 30 * 24 * 3600;

    public RotateKeyRequestValidator() =>
        RuleFor(x => x.OverlapSeconds).InclusiveBetween(0, MaxOverlapSeconds).When(x => x.OverlapSeconds is not null);
}

public static class TerminalKeyEndpoints
{
    private static readonly TimeSpan DefaultOverlap = TimeSpan.FromDays(1);

    /// <summary>
    /// The first key of a newly registered terminal. Its id follows from the registration's idempotency key,
    /// so a repeated registration finds it issued and answers without the secret (rotate to get a new one).
    /// </summary>
    public static async Task<TerminalKeyResponse> IssueFirstKeyAsync(this HttpContext http, Guid terminalId, CommandContext ctx, CancellationToken ct)
    {
        var keys = http.RequestServices.GetRequiredService<TerminalKeyStore>();
        var keyId = KeyIdFor(ctx);
        if (await keys.ExistsAsync(keyId, ct)) return new TerminalKeyResponse(keyId, null);
        try
        {
            return new TerminalKeyResponse(keyId, await keys.IssueAsync(terminalId, keyId, ctx, oldKeysValidUntil: null, ct));
        }
        catch (TerminalKeyAlreadyIssued)
        {
            return new TerminalKeyResponse(keyId, null);
        }
    }

    public static void MapTerminalKeyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/terminals/{terminalId:guid}/keys", async (Guid terminalId, RotateKeyRequest body, HttpContext http,
            TerminalKeyStore keys, IQuerySession reads, CancellationToken ct) =>
        {
            var ctx = CommandContexts.Get(http);
            if (await reads.LoadAsync<Terminal>(terminalId, ct) is null)
                return Problems.Of(404, RuleCodes.NotFound, "Not found.", $"Terminal {terminalId} does not exist.");
            var until = ctx.Now + (body.OverlapSeconds is { } s ? TimeSpan.FromSeconds(s) : DefaultOverlap);
            var keyId = KeyIdFor(ctx);
            try
            {
                var secret = await keys.IssueAsync(terminalId, keyId, ctx, until, ct);
                return Results.Created($"/v1/terminals/{terminalId}", new RotatedKeyResponse(terminalId, keyId, secret, until));
            }
            catch (TerminalKeyAlreadyIssued e)
            {
                return Problems.Of(409, "key_already_issued", "This Idempotency-Key already issued a key.", e.Message);
            }
        }).Validate<RotateKeyRequest>().RequireIdempotencyKey().RequireRole(Role.Operator).WithTags(ApiTags.MerchantsAndTerminals)
          .WithName("rotateTerminalKey")
          .WithSummary("Rotate a terminal's signing key: a new key id and secret (shown once); earlier keys stay valid for the overlap")
          .Produces<RotatedKeyResponse>(StatusCodes.Status201Created).Refuses(404, RuleCodes.NotFound).Refuses(409, "key_already_issued")
          .Example(new RotateKeyRequest(86400));
    }

    private static string KeyIdFor(CommandContext ctx) => "tk_" + ctx.IdFor("terminal-key").ToString("N");
}
