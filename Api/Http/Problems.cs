namespace Ledger.Api.Http;

/// <summary>RFC 9457 problem details with stable type URNs that clients can branch on.</summary>
public static class Problems
{
    public static string TypeFor(string code) => $"urn:ledger:problem:{code.Replace('_', '-')}";

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, title: "The request is not valid.", type: TypeFor("validation"));

    public static IResult Of(int status, string code, string title, string? detail = null, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode: status, title: title, type: TypeFor(code), extensions: extensions);
}
