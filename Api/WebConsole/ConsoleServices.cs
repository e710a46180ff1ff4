using Microsoft.AspNetCore.DataProtection;

namespace Ledger.Api.WebConsole;

/// <summary>
/// The finance and regulator console under <c>/console</c> (docs/CONSOLE.md): Razor Pages rendered on the server, no
/// script, signed in with an operator's or auditor's token and then carried by a session cookie; every form carries an
/// antiforgery token bound to the session.
/// </summary>
public static class ConsoleServices
{
    public const string Prefix = "/console";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        var options = ConsoleOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ConsoleSessions>();
        builder.Services.AddSingleton<SignInFailures>();
        builder.Services.AddConsoleBackgroundRuns(builder.Configuration);
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/WebConsole/Pages";
            o.Conventions.Add(new ConsoleAccessConvention());
            o.Conventions.Add(new ConsoleScriptConvention());
        });
        // The antiforgery tokens' keys live in memory, as the sessions do: a restart ends both, and no key is written
        // unencrypted to the service account's home (the default where no key store is configured).
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ledger-console-csrf";
            o.Cookie.Path = Prefix;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // ConsoleHeaders sends X-Frame-Options and a CSP with frame-ancestors 'none' on every console answer.
            o.SuppressXFrameOptionsHeader = true;
        });
        return builder;
    }

    /// <summary>Before routing: the console's security headers, and its errors as pages rather than problem documents.</summary>
    public static WebApplication UseConsoleErrorPages(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Prefix), console =>
        {
            console.UseMiddleware<ConsoleHeaders>();
            console.UseStatusCodePagesWithReExecute(Prefix + "/error/{0}");
            console.UseMiddleware<ConsoleFailures>();
        });
        return app;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.MapRazorPages();
        app.MapConsoleAssets();
        return app;
    }
}
