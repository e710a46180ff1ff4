using Ledger.Api;
using Ledger.Api.Demo;
using Ledger.Api.Cli;

// The same executable is the service and the operator's `ledger` tool (audit, replay, projections, credentials, vision, models).
if (args.Length > 0 && LedgerCommandLine.Verbs.Contains(args[0]))
    return await LedgerCommandLine.RunAsync(args, Console.Out, Console.Error);

var builder = WebApplication.CreateBuilder(args);
builder.AddLedgerApi();
var app = builder.Build();
app.MapLedgerApi();

if (app.Configuration.GetValue<bool>("Ledger:SeedDemoData"))
    app.Lifetime.ApplicationStarted.Register(() =>
        app.Services.GetRequiredService<DemoData>().SeedAsync(app.Lifetime.ApplicationStopping).GetAwaiter().GetResult());

await app.RunAsync();
return 0;

public partial class Program;
