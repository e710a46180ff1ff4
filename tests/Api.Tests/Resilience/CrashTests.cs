using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Docs;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Diagnostics;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Resilience;

/// <summary>
/// kill -9 in the windows a random kill seldom hits: after a commit and before its answer, and between the two durable
/// writes of an enrolment (database, then key store) and of an audit key rotation (database, then key file). The
/// process (the built service, or the <c>ledger</c> tool) dies at a named crash point (<see cref="CrashPoints"/>); the
/// service is started again on the same database, key store and witness, and the client retries with the same
/// Idempotency-Key. Then: every write happened exactly once, the retry got the answer the lost one would have been,
/// nothing half-done is left behind, the books hold and the audit chain verifies.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CrashTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string?> Disarmed = new() { [CrashPoints.Variable] = null };

    [Fact]
    public async Task A_payment_that_committed_before_the_process_died_is_made_once_and_its_retry_gets_the_decision()
    {
        await using var service = await ServiceProcess.StartAsync(Armed(CrashPoints.AnswerPrefix + "POST /v1/payments/"));
        var checks = new LedgerChecks(service.Database, output);
        var terminal = await service.RegisterTerminalAsync();
        var wallet = await service.FundedWalletAsync("Crash Customer", "+4915100000201", "100.00");
        var phone = await CustomerDevice.IssueAsync(service.Operator, wallet);
        var body = JsonSerializer.Serialize(new { terminalId = terminal.TerminalId, amount = "12.34", currency = "EUR", paymentCode = phone.CodeAt(DateTimeOffset.UtcNow) });

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => service.SendSignedAsync(terminal, "/v1/payments", body, "pay-1"));
        await AssertDiedAtTheCrashPointAsync(service);
        Assert.Equal(1, await checks.EventsAsync("payment_authorized.v1")); // committed: the answer is what was lost

        await service.RestartAsync(Disarmed);
        var retry = await service.SendSignedAsync(terminal, "/v1/payments", body, "pay-1");

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("authorized", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(1, await checks.EventsAsync("payment_authorized.v1"));
        Assert.Equal(1, await checks.EventsAsync("wallet_debited.v1"));
        await checks.BooksHoldAsync(service.Operator, [wallet]);
        Assert.Equal(10_000 - 1_234, await checks.ScalarAsync<long>(
            "select coalesce(sum(amount_minor), 0)::bigint from ledger.journal_postings where account = @a", ("a", $"wallet:{wallet}")));
        await checks.ChainVerifiesAsync();
    }

    [Fact]
    public async Task An_enrolment_cut_before_or_after_its_commit_leaves_one_template_whose_key_alone_survives_the_retry()
    {
        // The payment at the end shows the template opens; which device captured it is not under test here.
        await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["FacePay__Capture__AcceptUnattested"] = "true", [CrashPoints.Variable] = CrashPoints.TemplateKeyStored,
        });
        var checks = new LedgerChecks(service.Database, output);
        var (second, _) = await service.IssueOperatorAsync("second-operator");
        var wallet = await service.FundedWalletAsync("Penny Crash", "+4915100000202", "100.00");

        // Before the commit: the data key is on disk, nothing else.
        var firstPermit = await PermitAsync(service, second, wallet);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => EnrolAsync(service, second, wallet, Faces.Crop("penny", 1), "enrol-1", firstPermit));
        await AssertDiedAtTheCrashPointAsync(service);
        Assert.Equal(0, await checks.EventsAsync("face_enrolled.v1", wallet));
        Assert.Single(DataKeysOf(service, wallet));

        await service.RestartAsync(Disarmed);
        var first = await EnrolAsync(service, second, wallet, Faces.Crop("penny", 1), "enrol-1", firstPermit);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await checks.EventsAsync("face_enrolled.v1", wallet));
        Assert.Single(DataKeysOf(service, wallet));

        // After the commit of a re-enrolment: the earlier template's key not yet destroyed.
        await service.RestartAsync(Armed(CrashPoints.EnrolmentCommitted).ToDictionary(s => s.Key, s => (string?)s.Value));
        var permit = await PermitAsync(service, second, wallet);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => EnrolAsync(service, second, wallet, Faces.Crop("penny", 2), "enrol-2", permit));
        await AssertDiedAtTheCrashPointAsync(service);
        // The window was hit: the new template committed, the earlier template's data key is still on disk.
        Assert.Equal(2, await checks.EventsAsync("face_enrolled.v1", wallet));
        Assert.Equal(2, DataKeysOf(service, wallet).Length);

        await service.RestartAsync(Disarmed);
        var retry = await EnrolAsync(service, second, wallet, Faces.Crop("penny", 2), "enrol-2", permit);

        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, await checks.EventsAsync("face_enrolled.v1", wallet));
        var template = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("templateId").GetGuid();
        Assert.Equal([$"{template:N}.key"], DataKeysOf(service, wallet));
        // The template the row names still opens: the customer pays with another photo of herself.
        var terminal = await service.RegisterTerminalAsync();
        var paid = await service.SendSignedAsync(terminal, "/v1/face-payments", JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "4.20", currency = "EUR", customer = new { phoneNumber = "+4915100000202" },
            image = Convert.ToBase64String(Faces.Crop("penny", 3)),
        }), "face-pay-1");
        Assert.True(paid.StatusCode == HttpStatusCode.Created, await paid.Content.ReadAsStringAsync());
        Assert.Equal("authorized", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await checks.BooksHoldAsync(service.Operator, [wallet]);
        await checks.ChainVerifiesAsync();
    }

    [Fact]
    public async Task A_terminal_key_rotation_that_committed_before_the_process_died_is_refused_again_and_a_new_rotation_retires_its_key()
    {
        await using var service = await ServiceProcess.StartAsync(Armed(CrashPoints.AnswerPrefix + "POST /v1/terminals/{terminalId:guid}/keys"));
        var checks = new LedgerChecks(service.Database, output);
        var terminal = await service.RegisterTerminalAsync();
        var wallet = await service.FundedWalletAsync("Rotation Customer", "+4915100000203", "100.00");

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => RotateAsync(service, terminal.TerminalId, "rotate-1", overlapSeconds: 3600));
        await AssertDiedAtTheCrashPointAsync(service);
        Assert.Equal(1, await checks.EventsAsync("terminal_key_rotated.v1", terminal.TerminalId));

        await service.RestartAsync(Disarmed);
        var again = await RotateAsync(service, terminal.TerminalId, "rotate-1", overlapSeconds: 3600);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var refusal = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:ledger:problem:key-already-issued", refusal.GetProperty("type").GetString());
        Assert.Contains("rotate again with a new Idempotency-Key", refusal.GetProperty("detail").GetString());
        Assert.Equal(1, await checks.EventsAsync("terminal_key_rotated.v1", terminal.TerminalId));
        // Within the overlap the terminal's own key still signs.
        Assert.Equal("authorized", await PayByCodeAsync(service, terminal, wallet, "pay-old-key"));

        var rotated = await RotateAsync(service, terminal.TerminalId, "rotate-2", overlapSeconds: 0);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var key = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var renewed = terminal with { KeyId = key.GetProperty("keyId").GetString()!, Secret = key.GetProperty("secret").GetString()! };
        Assert.Equal("authorized", await PayByCodeAsync(service, renewed, wallet, "pay-new-key"));
        // Overlap 0 ended every earlier key: the first one, and the one whose secret the crash swallowed.
        Assert.Equal(0L, await checks.ScalarAsync<long>(
            "select count(*) from ledger.terminal_keys where terminal_id = @t and key_id <> @k and (valid_until is null or valid_until > now())",
            ("t", terminal.TerminalId), ("k", renewed.KeyId)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await service.SendSignedAsync(terminal, "/v1/payments", PaymentBody(terminal, "1.00", "000000"), "pay-retired-key")).StatusCode);
        Assert.Equal(2, await checks.EventsAsync("terminal_key_rotated.v1", terminal.TerminalId));
        await checks.BooksHoldAsync(service.Operator, [wallet]);
        await checks.ChainVerifiesAsync();
    }

    [Fact]
    public async Task An_audit_key_rotation_that_died_after_recording_the_hand_over_is_finished_by_the_next_checkpoint()
    {
        var keys = Path.Combine(Path.GetTempPath(), "ledger-test-audit-keys", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(keys);
        try
        {
            var auditKey = Path.Combine(keys, "audit-key");
            var audit = new Dictionary<string, string?> { ["Audit__SigningKeyPath"] = auditKey, ["Audit__SigningKey"] = "" };
            await using var service = await ServiceProcess.StartAsync(new Dictionary<string, string>
            {
                ["Audit__SigningKeyPath"] = auditKey, ["Audit__SigningKey"] = "", ["Audit__CheckpointInterval"] = "00:00:01",
            });
            var checks = new LedgerChecks(service.Database, output);
            var tool = new Dictionary<string, string?>(audit) { ["ConnectionStrings__Ledger"] = service.RuntimeConnectionString };
            var wallet = await service.FundedWalletAsync("Audit Customer", "+4915100000204", "10.00");
            var oldKey = await KeyIdAsync(tool, auditKey);
            await LedgerChecks.EventuallyAsync(() => checks.ScalarAsync<long>("select count(*) from ledger.audit_checkpoints where key_id = @k", ("k", oldKey)),
                n => n > 0, "checkpoint signed by the first key");

            // The service is down while the tool rotates (as in a maintenance window), so that nothing but the restarted
            // service can finish the hand-over, and the window can be looked at before it does.
            await service.KillAsync();
            var (code, _, stderr) = await LedgerProcess.RunAsync(["audit", "rotate-key"], ToolDirectory,
                new Dictionary<string, string?>(tool) { [CrashPoints.Variable] = CrashPoints.AuditKeyRotationRecorded });
            Assert.True(code != 0 && stderr.Contains("crash point", StringComparison.Ordinal), $"rotate-key exit {code}: {stderr}");
            // The window was hit: the hand-over is recorded, the new key waits beside the old one.
            Assert.Equal(1L, await checks.ScalarAsync<long>("select count(*) from ledger.audit_key_rotations"));
            Assert.Equal(oldKey, await KeyIdAsync(tool, auditKey));
            var newKey = await KeyIdAsync(tool, auditKey + ".next");
            Assert.NotEqual(oldKey, newKey);

            await service.RestartAsync();
            await service.TopUpAsync(wallet, ApiFixture.Key());
            await LedgerChecks.EventuallyAsync(() => checks.ScalarAsync<long>("select count(*) from ledger.audit_checkpoints where key_id = @k", ("k", newKey)),
                n => n > 0, "checkpoint signed by the key the hand-over names");
            Assert.Equal(newKey, await KeyIdAsync(tool, auditKey));
            Assert.False(File.Exists(auditKey + ".next"));
            Assert.Equal(0L, await checks.ScalarAsync<long>(
                "select count(*) from ledger.audit_checkpoints where key_id = @k and seq > (select min(seq) from ledger.audit_checkpoints where key_id = @n)",
                ("k", oldKey), ("n", newKey)));

            // Started once more: the key in place is the one in charge.
            await service.RestartAsync();
            await service.TopUpAsync(wallet, ApiFixture.Key());
            await checks.BooksHoldAsync(service.Operator, [wallet]);
            await checks.ChainVerifiesAsync(audit);
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }

    private static Dictionary<string, string> Armed(string point) => new()
    {
        [CrashPoints.Variable] = point,
        // One till paying a few times; its request bucket is not under test here.
        ["RateLimits__PerTerminalKeyPerSecond"] = "0",
    };

    private static async Task AssertDiedAtTheCrashPointAsync(ServiceProcess service)
    {
        Assert.True(await service.ExitedWithinAsync(TimeSpan.FromMinutes(1)), $"the process is still running: the crash point was not reached\n{service.Output}");
        Assert.Contains("crash point", service.Output, StringComparison.Ordinal);
    }

    private static string ToolDirectory => LedgerProcess.ToolDirectory;

    private static string[] DataKeysOf(ServiceProcess service, Guid wallet)
    {
        var folder = Path.Combine(service.KeyStore, "data-keys", wallet.ToString("N"));
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order().ToArray() : [];
    }

    private static async Task<string> KeyIdAsync(IReadOnlyDictionary<string, string?> tool, string keyPath)
    {
        var (code, stdout, stderr) = await LedgerProcess.RunAsync(["audit", "public-key"], ToolDirectory,
            new Dictionary<string, string?>(tool) { ["Audit__SigningKeyPath"] = keyPath });
        Assert.True(code == 0, $"audit public-key: exit {code}\n{stderr}");
        var marker = "key id ";
        return stdout[(stdout.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].TrimEnd().TrimEnd(')');
    }

    /// <summary>A permit for the enrolment: asked by the service's operator, approved by the second one.</summary>
    private static async Task<Guid> PermitAsync(ServiceProcess service, HttpClient second, Guid wallet)
    {
        var asked = await SendAsync(service.Operator, HttpMethod.Post, $"/v1/wallets/{wallet}/face/enrolment-approvals",
            new { consentFormSha256 = FacePayDriver.ConsentForm }, ApiFixture.Key());
        var approvalId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("approvalId").GetGuid();
        var approved = await SendAsync(second, HttpMethod.Post, $"/v1/approvals/{approvalId}/approve", null, ApiFixture.Key());
        Assert.True(approved.IsSuccessStatusCode, await approved.Content.ReadAsStringAsync());
        return approvalId;
    }

    private static async Task<HttpResponseMessage> EnrolAsync(ServiceProcess service, HttpClient second, Guid wallet, byte[] image, string key,
        Guid? permit = null) =>
        await SendAsync(service.Operator, HttpMethod.Post, $"/v1/wallets/{wallet}/face", new
        {
            image = Convert.ToBase64String(image),
            consent = new
            {
                purpose = "face payment at participating stores", policyVersion = "biometric-consent-2026-11",
                formSha256 = FacePayDriver.ConsentForm, approvalId = permit ?? await PermitAsync(service, second, wallet),
            },
        }, key);

    private static Task<HttpResponseMessage> RotateAsync(ServiceProcess service, Guid terminal, string key, int overlapSeconds) =>
        SendAsync(service.Operator, HttpMethod.Post, $"/v1/terminals/{terminal}/keys", new { overlapSeconds }, key);

    private static async Task<string?> PayByCodeAsync(ServiceProcess service, TerminalCredential terminal, Guid wallet, string key)
    {
        var phone = await CustomerDevice.IssueAsync(service.Operator, wallet);
        var paid = await service.SendSignedAsync(terminal, "/v1/payments", PaymentBody(terminal, "1.00", phone.CodeAt(DateTimeOffset.UtcNow)), key);
        var text = await paid.Content.ReadAsStringAsync();
        Assert.True(paid.StatusCode == HttpStatusCode.Created, $"{(int)paid.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("status").GetString();
    }

    private static string PaymentBody(TerminalCredential terminal, string amount, string code) =>
        JsonSerializer.Serialize(new { terminalId = terminal.TerminalId, amount, currency = "EUR", paymentCode = code });

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }
}
