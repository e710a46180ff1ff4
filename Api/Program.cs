using Ledger.Api;
using Ledger.Api.Demo;

var builder = WebApplication.CreateBuilder(args);
builder.AddLedgerApi();
var app = builder.Build();
// The master key is needed before anything is served: without it a service would start, look healthy and fail at its
// first terminal key. (The schema migration, `ledger db migrate`, needs no key.)
app.Services.GetRequiredService<Ledger.Infrastructure.Terminals.SecretSealer>();
// So is the log's name outside Development: a checkpoint signed as the development log could pass as another ledger's.
if (!app.Environment.IsDevelopment() && string.IsNullOrWhiteSpace(app.Configuration["Audit:LogOrigin"]))
    throw new InvalidOperationException(
        "No log origin: set Audit:LogOrigin (env Audit__LogOrigin) to this ledger's name and environment, e.g. ledger.example.com/production; " +
        "it is signed into every checkpoint and must never change or be shared (docs/AUDIT.md)");
app.MapLedgerApi();
if (Ledger.Infrastructure.Diagnostics.CrashPoints.AnyArmed)
    app.Logger.LogWarning("{Variable} is set: this process kills itself at that crash point (a crash test's setting, never a deployment's)",
        Ledger.Infrastructure.Diagnostics.CrashPoints.Variable);

if (app.Configuration.GetValue<bool>("Ledger:SeedDemoData"))
    app.Lifetime.ApplicationStarted.Register(() =>
        app.Services.GetRequiredService<DemoData>().SeedAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult());

await app.RunAsync();
return 0;

public partial class Program;
