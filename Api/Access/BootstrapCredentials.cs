using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

/// <summary>
/// Makes sure the tokens configured under <c>Ledger:Credentials:Operator</c> and <c>Ledger:Credentials:Auditor</c>
/// (scripts/setup.sh writes them for local runs) exist, named <c>setup-{role}-{first 8 hex of the token's hash}</c>.
/// A configured token that was revoked stays revoked: configuration never brings a credential back.
/// Tokens are never logged; only the credential's name and id are.
/// </summary>
public sealed class BootstrapCredentials(IConfiguration configuration, CredentialStore credentials, TimeProvider time,
    ILogger<BootstrapCredentials> log) : IHostedService
{
    public const string Section = "Ledger:Credentials";
    private const int MinTokenLength = 32;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            var key = $"{Section}:{char.ToUpperInvariant(role.Name()[0])}{role.Name()[1..]}";
            var token = configuration[key];
            if (string.IsNullOrWhiteSpace(token)) continue;
            if (token.Length < MinTokenLength)
                throw new InvalidOperationException($"{key} must be at least {MinTokenLength} characters of random text (scripts/setup.sh makes one).");
            await EnsureAsync(token.Trim(), role, cancellationToken);
        }
    }

    private async Task EnsureAsync(string token, Role role, CancellationToken ct)
    {
        var existing = await credentials.FindByTokenAsync(token, ct);
        if (existing is null)
        {
            var name = $"setup-{role.Name()}-{Convert.ToHexStringLower(CredentialStore.HashOf(token))[..8]}";
            var ctx = new CommandContext(Actor.System("bootstrap"), $"bootstrap/{name}", Guid.NewGuid().ToString("N"), null, "bootstrap", time.GetUtcNow());
            try
            {
                existing = await credentials.IssueWithTokenAsync(token, name, role, expiresAt: null, ctx, ct);
                log.LogInformation("Configured {Role} credential {Name} ({Id}) issued", role.Name(), name, existing.Id);
            }
            catch (CredentialNameTaken)
            {
                existing = await credentials.FindByTokenAsync(token, ct); // another instance issued it at the same moment
            }
        }
        if (existing is null) return;
        if (existing.Role != role)
            log.LogWarning("The token configured as {Role} is credential {Name}, a {Actual}: it keeps its own role", role.Name(), existing.Name, existing.Role.Name());
        if (existing.RevokedAt is not null)
            log.LogWarning("The configured {Role} credential {Name} was revoked and stays revoked", role.Name(), existing.Name);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
