using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Deployment;

/// <summary>
/// The service started as docker/compose.yaml starts it: the published builds as processes of their own, in Production
/// (the <c>ledger</c> tool for <c>migrate</c>, the API for <c>api</c>), with exactly the environment and secret files of
/// the compose file's <c>migrate</c> and <c>api</c> services and
/// nothing inherited from the test run (see <see cref="ComposedHost"/> for what is moved to this machine). When the
/// compose file and the service disagree on a setting, these tests fail.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ProductionBootTests
{
    [Fact]
    public async Task As_compose_starts_it_the_service_migrates_becomes_ready_and_takes_a_signed_payment_from_its_first_operators_terminal()
    {
        await using var host = await ComposedHost.CreateAsync();
        var migrated = await ComposedHost.RunToolAsync(host.Compose.Service("migrate").Command, host.Environment("migrate"));
        Assert.True(migrated.Code == 0, $"migrate failed:\n{migrated.Output}");
        var environment = host.Environment("api");
        Assert.Equal("Production", environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT", "Production"));

        await using var service = await ServiceProcess.StartExactlyAsync(host.Database, host.Root, host.Prefix,
            host.Secret("Ledger__Credentials__Operator"), new Dictionary<string, string>(environment) { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            ComposedHost.ServiceDll);

        var terminal = await service.RegisterTerminalAsync();
        var walletId = await service.FundedWalletAsync("Compose Customer", "+4915100000001", "60.00");
        var phone = await CustomerDevice.IssueAsync(service.Operator, walletId);
        using var till = new HttpClient { BaseAddress = service.Address };
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "12.90", currency = "EUR", paymentCode = phone.CodeAt(DateTimeOffset.UtcNow),
        });

        using var signed = TerminalRequests.Sign(terminal, "/v1/payments", body, "compose-pay-1", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        signed.Headers.Host = ApiFixture.TestHost;
        var paid = await till.SendAsync(signed);
        var answer = await paid.Content.ReadAsStringAsync();
        Assert.True(paid.StatusCode == HttpStatusCode.Created, $"{(int)paid.StatusCode} {answer}\n{service.Output}");
        Assert.Equal("authorized", JsonDocument.Parse(answer).RootElement.GetProperty("status").GetString());

        // The same body without the terminal's signature, and the operator's endpoints without the operator's token.
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/v1/payments") { Content = new StringContent(body, null, "application/json") };
        unsigned.Headers.Add("Idempotency-Key", "compose-pay-2");
        Assert.Equal(HttpStatusCode.Unauthorized, (await till.SendAsync(unsigned)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await till.GetAsync($"/v1/wallets/{walletId}")).StatusCode);
        using var guessed = new HttpRequestMessage(HttpMethod.Get, $"/v1/wallets/{walletId}");
        guessed.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "lgr_" + new string('A', 43));
        Assert.Equal(HttpStatusCode.Unauthorized, (await till.SendAsync(guessed)).StatusCode);
        var balance = await service.Operator.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}");
        Assert.Equal("47.10", balance.GetProperty("balance").GetProperty("amount").GetString());
    }

    [Theory]
    [InlineData("Ledger__MasterKey", "Set Ledger:MasterKey")]
    [InlineData("Audit__SigningKey", "No audit signing key: set Audit:SigningKey")]
    public async Task Without_a_key_secret_the_service_refuses_to_start_in_Production_and_says_how_to_make_one(string secret, string message)
    {
        await using var host = await ComposedHost.CreateAsync();
        var migrated = await ComposedHost.RunToolAsync(host.Compose.Service("migrate").Command, host.Environment("migrate"));
        Assert.True(migrated.Code == 0, $"migrate failed:\n{migrated.Output}");
        var environment = host.Environment("api");
        File.Delete(Path.Combine(environment["Ledger__SecretsDirectory"], secret));

        var started = await ComposedHost.RunServiceAsync([], new Dictionary<string, string>(environment) { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.True(started.Code != 0 && started.Output.Contains(message, StringComparison.Ordinal), $"exit {started.Code}:\n{started.Output}");
    }

    [Fact]
    public async Task Without_a_log_origin_the_service_refuses_to_start_in_Production()
    {
        await using var host = await ComposedHost.CreateAsync();
        var migrated = await ComposedHost.RunToolAsync(host.Compose.Service("migrate").Command, host.Environment("migrate"));
        Assert.True(migrated.Code == 0, $"migrate failed:\n{migrated.Output}");
        var environment = new Dictionary<string, string>(host.Environment("api")) { ["ASPNETCORE_ENVIRONMENT"] = "Production" };
        environment.Remove("Audit__LogOrigin");

        var started = await ComposedHost.RunServiceAsync([], environment);

        Assert.True(started.Code != 0 && started.Output.Contains("No log origin: set Audit:LogOrigin", StringComparison.Ordinal), $"exit {started.Code}:\n{started.Output}");
    }

    [Fact]
    public void The_compose_file_passes_the_master_key_the_audit_key_and_the_first_operator_token_as_secret_files_only()
    {
        var compose = ComposeFile.Load(Path.Combine(RepositoryRoot.Path, "docker", "compose.yaml"));
        var api = compose.Service("api");
        Assert.Equal(["Audit__SigningKey", "Ledger__Credentials__Operator", "Ledger__MasterKey"], api.Secrets.Select(s => s.Target).Order());
        Assert.Equal("/run/secrets", api.Environment["Ledger__SecretsDirectory"]);
        Assert.DoesNotContain(api.Environment.Keys, k => k.Contains("MasterKey", StringComparison.Ordinal)
            || k.Contains("SigningKey", StringComparison.Ordinal) || k.Contains("Credentials", StringComparison.Ordinal));
        // Made next to the compose file by docker/secrets.sh, which git and the image build leave out.
        Assert.All(api.Secrets, s => Assert.StartsWith(Path.Combine(RepositoryRoot.Path, "docker", "secrets") + "/", compose.SecretFile(s.Source)));
        Assert.Contains("docker/secrets/", File.ReadAllLines(Path.Combine(RepositoryRoot.Path, ".gitignore")));
        Assert.Contains("docker/secrets/", File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docker", "Dockerfile.dockerignore")));
    }

    [Fact]
    public void The_api_nodes_are_reached_through_the_proxy_which_passes_the_signed_Host_on_and_never_resends_a_request()
    {
        var compose = ComposeFile.Load(Path.Combine(RepositoryRoot.Path, "docker", "compose.yaml"));
        Assert.Empty(compose.Service("api").Ports);
        Assert.Equal(["127.0.0.1:8080:8080"], compose.Service("proxy").Ports);
        var proxy = compose.Service("proxy").Volumes.Single(v => v.Target == "/etc/nginx/conf.d/default.conf");
        var conf = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docker", proxy.Source)).Select(l => l.Trim()).ToList();
        // Terminals sign the Host they called; nginx would otherwise send the upstream's name.
        Assert.Contains("proxy_set_header Host $http_host;", conf);
        Assert.Contains("proxy_next_upstream error timeout;", conf);
        Assert.DoesNotContain(conf, l => !l.StartsWith('#') && l.Contains("non_idempotent", StringComparison.Ordinal));
    }
}
