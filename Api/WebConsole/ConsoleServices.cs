using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Ledger.Api.WebConsole;

/// <summary>
/// The finance and regulator console under <c>/console</c> (docs/CONSOLE.md): Razor Pages rendered on the server, no
/// script, signed in with an operator's or auditor's token and then carried by a session cookie; every form carries an
/// antiforgery token bound to the session. Sessions and the antiforgery keys are kept in PostgreSQL, so any number of
/// API processes serve one console.
/// </summary>
public static class ConsoleServices
{
    public const string Prefix = "/console";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder)
    {
        var options = ConsoleOptions.From(builder.Configuration);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new ConsoleSessions(sp.GetRequiredService<NpgsqlDataSource>(), options, MartenSetup.DefaultSchema));
        builder.Services.AddSingleton<SignInFailures>();
        builder.Services.AddConsoleBackgroundRuns(builder.Configuration);
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/WebConsole/Pages";
            o.Conventions.Add(new ConsoleAccessConvention());
            o.Conventions.Add(new ConsoleScriptConvention());
        });
        builder.Services.AddConsoleKeyRing();
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

    /// <summary>
    /// The antiforgery tokens' keys in the database, each key's secret sealed under the master key: every process opens
    /// the tokens any of them made, before and after a restart, and no key is written to the service account's home in
    /// clear (Data Protection's default where no key store is configured). One application name for all processes,
    /// wherever each is installed: the name is part of every token's purpose.
    /// </summary>
    public static IServiceCollection AddConsoleKeyRing(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("ledger-console");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            o.XmlRepository = new ConsoleKeyRing(sp.GetRequiredService<NpgsqlDataSource>(), MartenSetup.DefaultSchema);
            o.XmlEncryptor = new SealedXmlEncryptor(sp.GetRequiredService<SecretSealer>());
        }));
        services.AddHostedService<ConsoleKeyRingStart>();
        return services;
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
