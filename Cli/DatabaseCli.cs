using System.CommandLine;
using Ledger.Infrastructure.Database;

namespace Ledger.Cli;

/// <summary><c>ledger db migrate</c>: the schema step, run as the schema owner before the service starts.</summary>
internal static class DatabaseCli
{
    public static Command Build(CliContext cli) => new("db", "The database: schema, history guards, the runtime role's grants.")
    {
        Migrate(cli),
    };

    private static Command Migrate(CliContext cli)
    {
        var command = new Command("migrate",
            "Apply the schema as its owner (ConnectionStrings__LedgerOwner), make the history append-only and grant the runtime role " +
            "(the user of ConnectionStrings__Ledger) what the service needs. Safe to run again.");
        command.SetAction(async (_, ct) =>
        {
            var role = await DatabaseMigration.MigrateAsync(CliServices.Configuration(), ct);
            await cli.Out.WriteLineAsync(role is null
                ? "schema applied; history guards in place; the service runs as the owner (no runtime role to grant)"
                : $"schema applied; history guards in place; runtime role '{role}' granted");
            return 0;
        });
        return command;
    }
}
