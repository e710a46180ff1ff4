using System.Buffers.Text;
using System.Text;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Access;
using Ledger.Domain.Application;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Witness;
using Ledger.Integration.Tests.Audit;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// What the documented examples run on, as docs/CLI.md "Examples" describes it: the audit story's ledger on a
/// database of its own (migrated by its owner, used as the runtime role), chained, signed and witnessed, plus one
/// event left unsigned; two credentials; and a working directory with an export, a tampered copy, a what-if policy,
/// a device key and the witness file. Built so that no example depends on another having run first.
/// </summary>
public sealed class CliExampleLedger : IAsyncLifetime
{
    /// <summary>The <c>$NAME</c>s the docs may use.</summary>
    public static readonly IReadOnlySet<string> Placeholders = new HashSet<string>
        { "WALLET", "PAYMENT", "MERCHANT", "TERMINAL", "PUBLIC_KEY", "CREDENTIAL", "REVOKED", "FACES", "LEDGER_MODELS" };

    /// <summary>RFC 6238 Appendix B's SHA-256 key: the documented code at 59 s is the RFC's own.</summary>
    private static readonly byte[] DeviceKey = Encoding.ASCII.GetBytes("12345678901234567890123456789012");

    private AuditedLedger? _ledger;

    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "ledger-cli-examples", Guid.NewGuid().ToString("N"));

    public IReadOnlyDictionary<string, string> Values { get; private set; } = new Dictionary<string, string>();

    /// <summary>Configuration as the tool reads it, from the environment: this ledger's, never the developer's (.data/env).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; private set; } = new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkingDirectory);
        var keyPath = Path.Combine(WorkingDirectory, "audit-key");
        var witness = Path.Combine(WorkingDirectory, "audit-witness");
        _ledger = await AuditedLedger.CreateAsync(o => (o.SigningKeyPath, o.WitnessDirectory) = (keyPath, witness), asRuntimeRole: true);
        // The whole service's schema (inbox, fraud and credential tables too), as `ledger db migrate` leaves it.
        TestService.Migrate(_ledger.ConnectionString, _ledger.RuntimeConnectionString);

        var story = await _ledger.RunStoryAsync();
        var credentials = _ledger.Services.GetRequiredService<CredentialStore>();
        var credential = await credentials.IssueAsync("night-shift", Role.Operator, DateTimeOffset.UtcNow.AddDays(30), Context(), default);
        var revoked = await credentials.IssueAsync("former-operator", Role.Operator, DateTimeOffset.UtcNow.AddDays(30), Context(), default);
        Assert.True(await credentials.RevokeAsync(revoked.Credential.Id, Context(), default));
        await _ledger.SealAsync();
        await _ledger.Services.GetRequiredService<CheckpointWitnessPublisher>().PublishNewAsync(default);
        var (_, verification, export) = await _ledger.ExportAndVerifyAsync();
        Assert.True(verification.Holds, verification.Failure?.ToString());
        File.Move(export, Path.Combine(WorkingDirectory, "audit.jsonl"));
        await File.WriteAllLinesAsync(Path.Combine(WorkingDirectory, "tampered.jsonl"), Tamper(await File.ReadAllLinesAsync(Path.Combine(WorkingDirectory, "audit.jsonl"))));
        // Committed after the last checkpoint: `ledger audit checkpoint` has something to sign whenever it runs.
        await _ledger.TopUpAsync(story.WalletIds[1]);

        await File.WriteAllTextAsync(Path.Combine(WorkingDirectory, "tighter.json"),
            """{"name": "at most 20 EUR", "limits": {"EUR": {"perPayment": "20.00", "dailyAmount": "100.00", "dailyCount": 5}}}""");
        await File.WriteAllTextAsync(Path.Combine(WorkingDirectory, "device.key"), Base64Url.EncodeToString(DeviceKey) + "\n");

        var models = System.Environment.GetEnvironmentVariable("LEDGER_MODELS") is { Length: > 0 } pack ? pack : Faces.ModelPack;
        Values = new Dictionary<string, string>
        {
            ["WALLET"] = story.WalletIds[0].ToString(),      // Ada: 120.00 topped up, 12.90 and 25.00 paid
            ["PAYMENT"] = story.PaymentIds[3].ToString(),    // Alan's 25.00, declined for funds
            ["MERCHANT"] = story.MerchantId.ToString(),
            ["TERMINAL"] = story.TerminalId.ToString(),
            ["PUBLIC_KEY"] = _ledger.Key.PublicKeyBase64,
            ["CREDENTIAL"] = credential.Credential.Id.ToString(),
            ["REVOKED"] = revoked.Credential.Id.ToString(),
            ["FACES"] = Faces.Dir,
            ["LEDGER_MODELS"] = models,
        };
        Environment = new Dictionary<string, string?>
        {
            ["ConnectionStrings__Ledger"] = _ledger.RuntimeConnectionString,
            ["ConnectionStrings__LedgerOwner"] = _ledger.ConnectionString,
            ["Audit__SigningKey"] = null,
            ["Ledger__SecretsDirectory"] = null,
            ["Audit__SigningKeyPath"] = keyPath,
            ["Audit__WitnessDirectory"] = witness,
            ["Biometrics__KeyStore"] = Path.Combine(WorkingDirectory, "biometric-keys"),
            ["Ledger__Credentials__Operator"] = "",
            ["Ledger__Credentials__Auditor"] = "",
            // As the in-process fixtures run: a development master key when none is set (`db migrate` builds the service).
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["LEDGER_MODELS"] = models,
            ["Vision__ModelPack"] = models,
        };
    }

    /// <summary>Ada's top-up of 120.00 EUR made 920.00, as an insider editing the file would.</summary>
    private static IEnumerable<string> Tamper(string[] lines)
    {
        var index = Array.FindIndex(lines, l => l.Contains("\"wallet_topped_up.v1\"") && l.Contains("\"minor\":12000"));
        Assert.True(index >= 0, "the export has Ada's top-up");
        lines[index] = lines[index].Replace("\"minor\":12000", "\"minor\":92000");
        return lines;
    }

    private static CommandContext Context() =>
        new(Actor.System("test"), $"test/{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), null, "test", DateTimeOffset.UtcNow);

    public async Task DisposeAsync()
    {
        if (_ledger is not null) await _ledger.DisposeAsync();
        if (Directory.Exists(WorkingDirectory)) Directory.Delete(WorkingDirectory, recursive: true);
    }
}
