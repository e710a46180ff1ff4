using System.CommandLine;
using System.Globalization;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Cli;

/// <summary>
/// <c>ledger credentials issue|revoke|list</c>: bearer credentials for operators and auditors, managed on the
/// host only (nothing over HTTP can mint a credential, so a stolen token cannot make more).
/// </summary>
internal static class CredentialsCli
{
    public static Command Build(CliContext cli) => new("credentials", "Bearer credentials for operators and auditors (tokens are stored only as hashes).")
    {
        Issue(cli), Revoke(cli), List(cli),
    };

    private static Command Issue(CliContext cli)
    {
        var role = new Option<Role>("--role")
        {
            Description = "operator or auditor",
            HelpName = "operator|auditor",
            Required = true,
            CustomParser = r =>
            {
                if (Roles.TryParse(r.Tokens[0].Value, out var parsed)) return parsed;
                r.AddError($"--role is operator or auditor, not '{r.Tokens[0].Value}'");
                return default;
            },
        };
        var name = new Option<string>("--name")
        {
            Description = $"1 to {CredentialStore.MaxNameLength} of A-Z a-z 0-9 - _ . @, never reused; events name the caller role:NAME",
            HelpName = "NAME",
            Required = true,
        };
        name.Validators.Add(r =>
        {
            if (r.Tokens is [var token] && !CredentialStore.IsValidName(token.Value))
                r.AddError($"--name is 1 to {CredentialStore.MaxNameLength} of A-Z a-z 0-9 - _ . @, not '{token.Value}'");
        });
        var expiresIn = new Option<TimeSpan?>("--expires-in")
        {
            Description = $"how long it is accepted: Nd, Nh or Nm, at most {MaxLifetime.TotalDays:F0}d (default {DefaultLifetime.TotalDays:F0}d)",
            HelpName = "DURATION",
            CustomParser = r =>
            {
                var text = r.Tokens[0].Value;
                if (Lifetime(text) is { } lifetime && lifetime > TimeSpan.Zero && lifetime <= MaxLifetime) return lifetime;
                r.AddError($"--expires-in takes a duration such as 90d, 12h or 30m, more than 0 and at most {MaxLifetime.TotalDays:F0}d, not '{text}'");
                return null;
            },
        };
        var expiresAt = CliValues.Timestamp("--expires-at", "when it stops being accepted");
        var command = new Command("issue", "A new bearer credential; its token is printed this once. Every credential expires (renew by issuing another).")
            { role, name, expiresIn, expiresAt };
        CliValues.Rule(command, r =>
        {
            if (r.GetValue(expiresIn) is not null && r.GetValue(expiresAt) is not null) r.AddError("give --expires-in or --expires-at, not both");
        });
        command.SetAction(async (parse, ct) =>
        {
            var services = cli.Services;
            var context = Context(services, "issue");
            var expires = parse.GetValue(expiresAt) ?? context.Now + (parse.GetValue(expiresIn) ?? DefaultLifetime);
            if (expires <= context.Now) throw new CommandRefused($"--expires-at {Time(expires)} is not in the future (now {Time(context.Now)})");
            if (expires - context.Now > MaxLifetime) throw new CommandRefused($"--expires-at {Time(expires)} is more than {MaxLifetime.TotalDays:F0} days away");
            var issued = await services.GetRequiredService<CredentialStore>().IssueAsync(parse.GetValue(name)!, parse.GetValue(role), expires, context, ct);
            await cli.Out.WriteLineAsync($"issued {issued.Credential.Role.Name()} credential {issued.Credential.Id} '{issued.Credential.Name}', " +
                                         $"accepted until {Time(expires)}");
            await cli.Out.WriteLineAsync($"token: {issued.Token}");
            await cli.Err.WriteLineAsync("note: the token is shown only now; send it as 'Authorization: Bearer TOKEN'");
            return 0;
        });
        return command;
    }

    private static Command Revoke(CliContext cli)
    {
        var id = CliValues.Uuid("ID", "the credential id (ledger credentials list)");
        var command = new Command("revoke", "The credential is refused from now on (the revocation is recorded, the row kept).") { id };
        command.SetAction(async (parse, ct) =>
        {
            var services = cli.Services;
            var store = services.GetRequiredService<CredentialStore>();
            var credentialId = parse.GetValue(id);
            var credential = await store.FindAsync(credentialId, ct) ?? throw new CommandRefused($"no credential {credentialId}");
            if (credential.RevokedAt is not null || !await store.RevokeAsync(credentialId, Context(services, "revoke"), ct))
            {
                var at = (await store.FindAsync(credentialId, ct))?.RevokedAt;
                throw new CommandRefused($"credential {credentialId} '{credential.Name}' was already revoked" + (at is { } t ? $" at {Time(t)}" : ""));
            }
            await cli.Out.WriteLineAsync($"revoked {credential.Role.Name()} credential {credentialId} '{credential.Name}'");
            return 0;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var command = new Command("list", "Every credential: id, role, issued, expires, revoked, name (never tokens).");
        command.SetAction(async (_, ct) =>
        {
            var services = cli.Services;
            var credentials = await services.GetRequiredService<CredentialStore>().ListAsync(ct);
            CliDisplay.Table(cli.Results, ["id", "role", "issued", "expires", "revoked", "name"],
                credentials.Select(c => new[]
                {
                    c.Id.ToString(), c.Role.Name(), Time(c.IssuedAt), c.ExpiresAt is { } e ? Time(e) : "never", c.RevokedAt is { } r ? Time(r) : "-", c.Name,
                }));
            return 0;
        });
        return command;
    }

    /// <summary>An engagement or a quarter: long enough to work with, short enough that a forgotten credential dies by itself.</summary>
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(90);

    private static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(366);

    private static TimeSpan? Lifetime(string text) =>
        text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? null
        : text[^1] switch { 'd' => TimeSpan.FromDays(n), 'h' => TimeSpan.FromHours(n), 'm' => TimeSpan.FromMinutes(n), _ => null };

    /// <summary>Who acted, as the events record it: the host account that ran the command.</summary>
    private static CommandContext Context(IServiceProvider services, string purpose) =>
        new(Actor.System($"cli:{Environment.UserName}"), $"cli/{purpose}/{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), null, "cli",
            services.GetRequiredService<TimeProvider>().GetUtcNow());

    private static string Time(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
