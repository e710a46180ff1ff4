namespace Ledger.Api.Contract;

/// <summary>
/// Endpoint metadata: an example request body, typed as the request record so that it cannot drift from its shape. The
/// contract shows it (serialized as the service reads JSON) as the body's example for generators and readers.
/// </summary>
public sealed record RequestExample(object Value);

public static class RequestExamples
{
    public static RouteHandlerBuilder Example<T>(this RouteHandlerBuilder builder, T example) where T : class =>
        builder.WithMetadata(new RequestExample(example));
}
