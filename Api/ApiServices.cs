using Ledger.Api.Capture;
using Ledger.Api.Contract;
using FluentValidation;
using Ledger.Api.Access;
using Ledger.Api.Approvals;
using Ledger.Api.Audit;
using Ledger.Api.Demo;
using Ledger.Api.Diagnostics;
using Ledger.Api.FacePay;
using Ledger.Api.Fraud;
using Ledger.Api.Health;
using Ledger.Api.Http;
using Ledger.Api.Journal;
using Ledger.Api.Merchants;
using Ledger.Api.Payments;
using Ledger.Api.Terminals;
using Ledger.Api.Wallets;
using Ledger.Api.WebConsole;
using Ledger.Infrastructure;
using Ledger.Infrastructure.Secrets;
using MassTransit;
using Microsoft.AspNetCore.Http.Json;

namespace Ledger.Api;

public static class ApiServices
{
    /// <summary>Largest JSON command body; anything bigger is refused with 413 before it is read.</summary>
    public const long MaxJsonBodyBytes = 64 * 1024;

    public static WebApplicationBuilder AddLedgerApi(this WebApplicationBuilder builder)
    {
        // First, so that every setting below may come from a secret file.
        builder.Configuration.AddSecretFiles(builder.Configuration[SecretFiles.DirectorySetting], Environment.GetEnvironmentVariable);
        // Outside Development the audit key is given, never minted where it might not be kept (AuditOptions).
        if (!builder.Environment.IsDevelopment() && builder.Configuration["Audit:CreateKeyWhenMissing"] is null)
            builder.Configuration["Audit:CreateKeyWhenMissing"] = "false";

        var connectionString = builder.Configuration.GetConnectionString("Ledger")
            ?? throw new InvalidOperationException("Set ConnectionStrings:Ledger (env ConnectionStrings__Ledger); scripts/run.sh does.");
        builder.Services.AddInfrastructure(connectionString);
        builder.AddTerminalCredentials();
        builder.AddAccessControl();
        builder.AddFacePay();
        builder.AddFourEyes();
        builder.AddCapture();
        builder.AddPaymentCodes();
        builder.AddRequestRateLimits();
        builder.AddConsole();
        builder.Services.AddSingleton(RequestBodyBudget.From(builder.Configuration));
        builder.Services.AddSingleton(KeyLookupLimit.From(builder.Configuration));
        // Fraud rules and integration events, composed as the schema migration composes them (its tables are theirs).
        builder.Services.AddEventSubscribers(builder.Configuration, bus => bus.AddConsumer<FacePaymentConsumer, FacePaymentConsumerDefinition>());
        builder.Services.AddValidatorsFromAssemblyContaining<OpenWalletRequestValidator>(ServiceLifetime.Singleton);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ExceptionProblems>();
        builder.Services.AddOpenApi();
        builder.AddContract();
        builder.Services.AddSingleton<PostgresAnswers>();
        builder.Services.AddHealthChecks().AddCheck<PostgresHealthCheck>("postgresql", tags: ["ready"]);
        builder.Services.AddSingleton<DemoData>();
        builder.AddObservability();
        if (builder.Configuration.GetValue<bool>("Diagnostics:ServerTiming"))
            builder.Services.AddSingleton<Diagnostics.ServerTiming>();
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new Domain.CurrencyJsonConverter());
            // Unknown fields are refused: a typo in "amount" must not silently become a default.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            // Duplicate keys are refused: with "last wins", {"amount":"1.00","amount":"500.00"} showed a reviewer (or a log,
            // or a proxy's filter) one amount and charged another. Names match case-insensitively, so "Amount" repeats "amount".
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Kestrel's own cap is the largest any endpoint accepts (image captures); BodySizeLimit applies each endpoint's.
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
            // What Kestrel buffers of a body nobody reads yet (its request waits for the body budget, or was answered before
            // its body): 1 MiB by default, per connection, so 500 connections pushing bodies held 500 MiB. Reads go on in
            // 64 KiB steps.
            k.Limits.MaxRequestBufferSize = 64 * 1024;
        });
        // Binding failures (malformed JSON, wrong types) reach ExceptionProblems, which says what was wrong.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication MapLedgerApi(this WebApplication app)
    {
        // Off unless configured (benchmarks): a span per request and stage, their totals in a Server-Timing header.
        if (app.Services.GetService<Diagnostics.ServerTiming>() is not null)
            app.UseMiddleware<Diagnostics.ServerTimingMiddleware>();
        // The client's address behind a trusted proxy, before the address buckets read it; ignored unless configured.
        if (Http.TrustedProxies.From(app.Configuration) is { } forwarded) app.UseForwardedHeaders(forwarded);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseConsoleErrorPages();
        app.UseRouting();
        // Before anything is authenticated or read: a flood costs a bucket lookup.
        app.UseRateLimiter();
        app.UseMiddleware<BodySizeLimit>(MaxJsonBodyBytes);
        // Deny by default: every endpoint declares who may call it (see docs/ACCESS.md).
        app.UseMiddleware<CredentialCheck>();
        // Large bodies are read only within a memory budget, once their sender is authenticated (terminals: their headers).
        app.UseMiddleware<LargeBodyBudget>();
        app.UseMiddleware<TerminalSignatureCheck>();
        app.MapOpenApi().AllowPublic();
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapWalletEndpoints();
        app.MapMerchantEndpoints();
        app.MapTerminalKeyEndpoints();
        app.MapPaymentEndpoints();
        app.MapFacePayEndpoints();
        app.MapApprovalEndpoints();
        app.MapCustomerPinEndpoints();
        app.MapCaptureEndpoints();
        app.MapJournalEndpoints();
        app.MapFraudEndpoints();
        app.MapAuditEndpoints();
        app.MapConsole();
        return app;
    }
}
