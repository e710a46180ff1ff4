using FluentValidation;

namespace Ledger.Api.Http;

/// <summary>Runs the request body's validator before the handler: a malformed request never reaches the ledger.</summary>
public sealed class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter where T : class
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var body = context.Arguments.OfType<T>().FirstOrDefault();
        if (body is null)
            return Problems.Validation(new Dictionary<string, string[]> { ["body"] = ["A JSON body is required."] });
        var result = await validator.ValidateAsync(body, context.HttpContext.RequestAborted);
        if (!result.IsValid)
            return Problems.Validation(ValidationErrors.ByField(result));
        return await next(context);
    }
}

public static class ValidationFilterExtensions
{
    // The contract lists the 400 validation answer with every body's problems (Contract.ProblemConventions).
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder builder) where T : class =>
        builder.AddEndpointFilter<ValidationFilter<T>>();
}
