using Ledger.Api;
using Ledger.Api.Demo;
using Ledger.Vision.Cli;
using Ledger.Vision.Import;

// The same executable is the service and the operator CLI: `ledger vision|models|audit|replay|projections|credentials ...`.
var verbs = new Dictionary<string, Func<string[], TextWriter, TextWriter, Task<int>>>
{
    ["vision"] = VisionCommandLine.RunAsync,
    ["models"] = ModelImportCommandLine.RunAsync,
    ["audit"] = (a, o, e) => Ledger.Infrastructure.Audit.Cli.AuditCommandLine.RunAsync(a, o, e),
    ["replay"] = (a, o, e) => Ledger.Infrastructure.Audit.Cli.ReplayCommandLine.RunAsync(a, o, e),
    ["projections"] = (a, o, e) => Ledger.Infrastructure.Audit.Cli.ProjectionsCommandLine.RunAsync(a, o, e),
    ["credentials"] = (a, o, e) => Ledger.Infrastructure.Access.CredentialsCommandLine.RunAsync(a, o, e),
};
if (args.Length > 0 && verbs.TryGetValue(args[0], out var verb))
    return await verb(args[1..], Console.Out, Console.Error);

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
