namespace Ledger.Api.WebConsole;

/// <summary>
/// How access control refuses a console page: a page opened without a live session goes to the sign-in form; anything
/// else is a bare status that the console's error page explains (ConsoleServices.UseConsoleErrorPages).
/// </summary>
public static class ConsoleRefusals
{
    public const string SignInPath = ConsoleServices.Prefix + "/sign-in";

    public static IResult SignInFirst(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            ? Results.Redirect(SignInPath)
            : Results.StatusCode(StatusCodes.Status401Unauthorized);

    public static IResult Forbidden() => Results.StatusCode(StatusCodes.Status403Forbidden);
}
