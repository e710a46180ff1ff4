using System.Globalization;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Audit.Cli;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Access;

/// <summary>
/// <c>ledger credentials issue|revoke|list</c>: bearer credentials for operators and auditors, managed on the
/// host only (nothing over HTTP can mint a credential, so a stolen token cannot make more). Exit codes:
/// 0 done, 1 refused (unknown id, name taken, already revoked; reason on stderr), 2 bad usage.
/// </summary>
public static class CredentialsCommandLine
{
    public const string Usage = """
        usage: ledger credentials <command> [options]
          issue --role operator|auditor --name NAME
                         a new bearer credential; its token is printed this once and stored only as a hash
                         (NAME: 1 to 100 of A-Z a-z 0-9 - _ . @, never reused; events name the caller role:NAME)
          revoke ID      the credential is refused from now on (the revocation is recorded, the row kept)
          list           every credential: id, name, role, issued, revoked (never tokens)
        """;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IServiceProvider? services = null,
        CancellationToken ct = default)
    {
        ServiceProvider? owned = null;
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            async Task<IServiceProvider> Services()
            {
                services ??= owned = CliServices.Build();
                // The service creates its tables at start; the CLI may run first on a fresh database.
                await services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();
                return services;
            }
            var options = CliOptions.Parse(args[1..], ["--role", "--name"], []);
            switch (args[0])
            {
                case "issue":
                    if (options.Positional.Count > 0) throw new CliUsageError($"unexpected argument '{options.Positional[0]}'");
                    var roleText = options.One("--role") ?? throw new CliUsageError("'issue' needs --role operator|auditor");
                    if (!Roles.TryParse(roleText, out var role)) throw new CliUsageError($"--role is operator or auditor, not '{roleText}'");
                    var name = options.One("--name") ?? throw new CliUsageError("'issue' needs --name NAME");
                    if (!CredentialStore.IsValidName(name))
                        throw new CliUsageError($"--name is 1 to {CredentialStore.MaxNameLength} of A-Z a-z 0-9 - _ . @, not '{name}'");
                    return await IssueAsync(await Services(), name, role, stdout, stderr, ct);
                case "revoke":
                    if (options.Has("--role") || options.Has("--name")) throw new CliUsageError("'revoke' takes only a credential id");
                    if (options.Positional.Count != 1) throw new CliUsageError("'revoke' takes one credential id");
                    return await RevokeAsync(await Services(), CliOptions.Id(options.Positional[0], "the credential id"), stdout, stderr, ct);
                case "list":
                    if (args.Length > 1) throw new CliUsageError("'list' takes no arguments");
                    return await ListAsync(await Services(), stdout, ct);
                default:
                    throw new CliUsageError($"unknown command '{args[0]}'");
            }
        }
        catch (CliUsageError e)
        {
            await stderr.WriteLineAsync($"ledger credentials: {e.Message}\n\n{Usage}");
            return 2;
        }
        catch (Npgsql.NpgsqlException e)
        {
            await stderr.WriteLineAsync($"ledger credentials: {e.Message}");
            return 1;
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    /// <summary>Who acted, as the events record it: the host account that ran the command.</summary>
    private static CommandContext Context(IServiceProvider services, string purpose) =>
        new(Actor.System($"cli:{Environment.UserName}"), $"cli/{purpose}/{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), null, "cli",
            services.GetRequiredService<TimeProvider>().GetUtcNow());

    private static async Task<int> IssueAsync(IServiceProvider services, string name, Role role, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        IssuedCredential issued;
        try
        {
            issued = await services.GetRequiredService<CredentialStore>().IssueAsync(name, role, Context(services, "issue"), ct);
        }
        catch (CredentialNameTaken e)
        {
            await stderr.WriteLineAsync($"ledger credentials: {e.Message}");
            return 1;
        }
        await stdout.WriteLineAsync($"issued {role.Name()} credential {issued.Credential.Id} '{name}'");
        await stdout.WriteLineAsync($"token: {issued.Token}");
        await stderr.WriteLineAsync("note: the token is shown only now; send it as 'Authorization: Bearer TOKEN'");
        return 0;
    }

    private static async Task<int> RevokeAsync(IServiceProvider services, Guid id, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        var store = services.GetRequiredService<CredentialStore>();
        if (await store.FindAsync(id, ct) is not { } credential)
        {
            await stderr.WriteLineAsync($"ledger credentials: no credential {id}");
            return 1;
        }
        if (credential.RevokedAt is not null || !await store.RevokeAsync(id, Context(services, "revoke"), ct))
        {
            var at = (await store.FindAsync(id, ct))?.RevokedAt;
            await stderr.WriteLineAsync($"ledger credentials: credential {id} '{credential.Name}' was already revoked" +
                                        (at is { } t ? $" at {t.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}" : ""));
            return 1;
        }
        await stdout.WriteLineAsync($"revoked {credential.Role.Name()} credential {id} '{credential.Name}'");
        return 0;
    }

    private static async Task<int> ListAsync(IServiceProvider services, TextWriter stdout, CancellationToken ct)
    {
        await stdout.WriteLineAsync($"{"id",-36}  {"role",-8}  {"issued",-20}  {"revoked",-20}  name");
        foreach (var c in await services.GetRequiredService<CredentialStore>().ListAsync(ct))
            await stdout.WriteLineAsync($"{c.Id,-36}  {c.Role.Name(),-8}  {Time(c.IssuedAt),-20}  {(c.RevokedAt is { } r ? Time(r) : "-"),-20}  {c.Name}");
        return 0;

        static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }
}
