using Ledger.Api;
using Ledger.Api.Demo;
using Ledger.Vision.Cli;
using Ledger.Vision.Import;

// The same executable is the service and the operator CLI: `ledger vision ...`, `ledger models ...`.
if (args.Length > 0 && args[0] == "vision")
    return await VisionCommandLine.RunAsync(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "models")
    return await ModelImportCommandLine.RunAsync(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "audit")
    return await Ledger.Infrastructure.Audit.Cli.AuditCommandLine.RunAsync(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "replay")
    return await Ledger.Infrastructure.Audit.Cli.ReplayCommandLine.RunAsync(args[1..], Console.Out, Console.Error);
if (args.Length > 0 && args[0] == "projections")
    return await Ledger.Infrastructure.Audit.Cli.ProjectionsCommandLine.RunAsync(args[1..], Console.Out, Console.Error);

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
