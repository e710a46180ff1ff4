using System.Text.Json;
using Ledger.Domain;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Resilience;
using Microsoft.AspNetCore.Diagnostics;

namespace Ledger.Api.Http;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details: 404 unknown, 409 conflicts, 422
/// refused by a business rule, 400/413 malformed, 503 when the database is unreachable.
/// </summary>
public sealed class ExceptionProblems(IProblemDetailsService problems, ILogger<ExceptionProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, code, title, detail) = Classify(exception, http.RequestAborted.IsCancellationRequested);
        if (status >= 500) logger.LogError(exception, "Request {Path} failed", http.Request.Path);
        if (status == 503) http.Response.Headers.RetryAfter = "5";

        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = ProblemFor(exception, status, code, title, detail),
        });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails ProblemFor(Exception exception, int status, string code, string title, string? detail)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Type = Problems.TypeFor(code), Title = title, Detail = detail };
        // A body the serializer or the form check refused names its field, as a validator's 400 does.
        if (status == 400 && (exception is AmbiguousForm form ? new Dictionary<string, string[]> { [form.Field] = [form.Message] }
                : JsonBodyErrors.ByField(exception)) is { } errors)
            problem.Extensions["errors"] = errors;
        return problem;
    }

    private static (int, string, string, string?) Json(JsonException e) => JsonBodyErrors.IsDuplicateKey(e)
        ? (400, "duplicate_key", "A field is given more than once.", JsonBodyErrors.Detail(e))
        : (400, "malformed_json", "The body is not valid JSON for this request.", e.Message);

    /// <summary>Status, problem code, title and detail of an exception: the same answer over HTTP and over the bus.</summary>
    public static (int Status, string Code, string Title, string? Detail) Classify(Exception exception, bool callerGone) =>
        exception switch
        {
            DomainRuleViolation { Code: RuleCodes.NotFound } e => (404, e.Code, "Not found.", e.Message),
            DomainRuleViolation { Code: RuleCodes.AlreadyExists } e => (409, e.Code, "Already exists.", e.Message),
            DomainRuleViolation { Code: RuleCodes.TooManyFailedAttempts } e => (429, e.Code, "Too many failed attempts.", e.Message),
            DomainRuleViolation e => (422, e.Code, "Refused by a ledger rule.", e.Message),
            OverflowException => (422, RuleCodes.AmountOutOfRange, "Refused by a ledger rule.", "The amounts involved are out of range."),
            IdempotencyConflict e => (409, "idempotency_conflict", "Idempotency key reused with a different request.", e.Message),
            ContentionExhausted e => (409, "contention", "Too many concurrent changes; retry with the same Idempotency-Key.", e.Message),
            AmbiguousForm e => (400, "ambiguous_form", "The form gives a part more than once.", e.Message),
            BadHttpRequestException { StatusCode: 413 } => (413, "body_too_large", "The request body is too large.", (string?)null),
            BadHttpRequestException { InnerException: JsonException j } => Json(j),
            BadHttpRequestException e => (e.StatusCode, "bad_request", "The request is malformed.", e.Message),
            JsonException e => Json(e),
            // The vision limiter's queue (decodes and network runs) is full: capacity, not a fault; the terminal retries with its key.
            Polly.RateLimiting.RateLimiterRejectedException => (503, "busy", "The service is at capacity; retry shortly with the same Idempotency-Key.", (string?)null),
            var e when TransientStoreErrors.IsTransient(e) => (503, "store_unavailable", "The ledger store is unavailable; retry later.", (string?)null),
            OperationCanceledException when callerGone => (499, "client_closed", "The client went away.", (string?)null),
            _ => (500, "internal", "An unexpected error occurred.", (string?)null),
        };
}
