using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Access;
using Ledger.Api.Tests.Cli;
using Ledger.Infrastructure.Access;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Ledger.Api.Tests.Terminals.TerminalPayments;

namespace Ledger.Api.Tests.Access;

/// <summary>Bearer credentials: only a hash is stored, issuing and revoking are events, a revoked or unknown token is a 401.</summary>
[Collection(ApiCollection.Name)]
public sealed class CredentialTests(ApiFixture api)
{
    private static string Name(string what) => $"{what}-{Guid.NewGuid():N}"[..30];

    [Fact]
    public async Task A_revoked_token_is_refused_from_then_on_with_nothing_persisted()
    {
        var issued = await api.IssueCredentialAsync(Name("leaving"), Role.Operator);
        using var client = api.ClientWith(issued.Token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/ledger/trial-balance")).StatusCode);

        var revoke = await CliAsync("revoke", issued.Credential.Id.ToString());
        Assert.Equal(0, revoke.Exit);
        var before = await api.PersistedCountsAsync();

        var read = await client.GetAsync("/v1/ledger/trial-balance");
        var write = await client.PostAsJsonAsync("/v1/wallets", new { customerName = "Eve", phoneNumber = "+4915112340001", currency = "EUR" });

        await AssertProblemAsync(read, HttpStatusCode.Unauthorized, "credential-unknown");
        await AssertProblemAsync(write, HttpStatusCode.Unauthorized, "credential-unknown");
        Assert.Contains("invalid_token", read.Headers.WwwAuthenticate.ToString());
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_credential_is_accepted_until_it_expires_and_refused_from_then_on_with_nothing_persisted()
    {
        var issued = await api.IssueCredentialAsync(Name("engagement"), Role.Auditor, api.Clock.GetUtcNow().AddHours(1));
        using var client = api.ClientWith(issued.Token);
        var offset = api.Clock.Offset;
        try
        {
            api.Clock.Offset = offset + TimeSpan.FromMinutes(59);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/ledger/trial-balance")).StatusCode);

            api.Clock.Offset = offset + TimeSpan.FromMinutes(61);
            var before = await api.PersistedCountsAsync();
            var late = await client.GetAsync("/v1/audit/payments/0b0e7a8e-0d57-4a39-9d43-4f1e5b7e2a10/explanation");

            await AssertProblemAsync(late, HttpStatusCode.Unauthorized, "credential-unknown");
            Assert.Equal(before, await api.PersistedCountsAsync()); // not even the audit read is recorded
        }
        finally
        {
            api.Clock.Offset = offset;
        }
    }

    [Fact]
    public async Task The_command_line_gives_every_credential_an_end_and_refuses_one_in_the_past()
    {
        var defaulted = await CliAsync("issue", "--role", "operator", "--name", Name("default"));
        var hours = await CliAsync("issue", "--role", "auditor", "--name", Name("hours"), "--expires-in", "12h");
        var before = await api.PersistedCountsAsync();
        var past = await CliAsync("issue", "--role", "auditor", "--name", Name("past"), "--expires-at", "2020-01-01T00:00:00Z");

        Assert.Equal(0, defaulted.Exit);
        var id = Guid.Parse(defaulted.Out.Split(' ')[3]);
        var credential = (await api.Services.GetRequiredService<CredentialStore>().FindAsync(id, default))!;
        Assert.Equal(TimeSpan.FromDays(90), credential.ExpiresAt - credential.IssuedAt);
        Assert.Equal(0, hours.Exit);
        var hoursCredential = (await api.Services.GetRequiredService<CredentialStore>().FindAsync(Guid.Parse(hours.Out.Split(' ')[3]), default))!;
        Assert.Equal(TimeSpan.FromHours(12), hoursCredential.ExpiresAt - hoursCredential.IssuedAt);
        Assert.Contains("accepted until", hours.Out);
        Assert.Equal(1, past.Exit);
        Assert.Contains("not in the future", past.Err);
        Assert.Equal(before, await api.PersistedCountsAsync());
        var list = await CliAsync("list");
        Assert.Contains(list.Out.Split('\n'), l => l.TrimStart().StartsWith(id.ToString(), StringComparison.Ordinal) &&
                                                   l.Contains(credential.ExpiresAt!.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer")]
    [InlineData("Bearer lgr_not-a-token-anybody-issued-0000000000000")]
    [InlineData("Basic dGVzdDp0ZXN0")]
    public async Task A_missing_or_unknown_token_is_a_401_naming_the_bearer_scheme(string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/ledger/journal");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);

        var response = await api.AnonymousClient.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Only_the_hash_of_a_token_is_stored_and_the_events_record_who_was_given_which_role_by_whom()
    {
        var name = Name("auditor");
        var issue = await CliAsync("issue", "--role", "auditor", "--name", name);
        Assert.Equal(0, issue.Exit);
        var token = issue.Out.Split('\n').Single(l => l.StartsWith("token: ", StringComparison.Ordinal))["token: ".Length..].Trim();
        var id = Guid.Parse(issue.Out.Split(' ')[3]);

        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using (var cmd = new NpgsqlCommand("select token_hash, role from ledger.access_credentials where name = $1", conn)
                         { Parameters = { new() { Value = name } } })
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), reader.GetFieldValue<byte[]>(0));
            Assert.Equal("auditor", reader.GetString(1));
        }
        await using (var cmd = new NpgsqlCommand(
                         "select type, headers->>'actor', data->>'name' from ledger.mt_events where stream_id = $1 order by version", conn)
                         { Parameters = { new() { Value = id } } })
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await reader.ReadAsync());
            Assert.Equal("credential_issued.v2", reader.GetString(0));
            Assert.Equal($"system:cli:{Environment.UserName}", reader.GetString(1));
            Assert.Equal(name, reader.GetString(2));
        }
        await using (var cmd = new NpgsqlCommand("select count(*) from ledger.mt_events where data::text like '%' || $1 || '%'", conn)
                         { Parameters = { new() { Value = token[4..] } } })
            Assert.Equal(0L, await cmd.ExecuteScalarAsync());

        using var client = api.ClientWith(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/ledger/trial-balance")).StatusCode);
    }

    [Fact]
    public async Task An_operator_command_records_the_operator_credential_as_its_actor()
    {
        var opened = await api.PostAsync("/v1/wallets", new { customerName = "Ann", phoneNumber = "+4915112340002", currency = "EUR" }, ApiFixture.Key());
        var walletId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("walletId").GetGuid();

        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select distinct headers->>'actor' from ledger.mt_events where stream_id = $1", conn)
            { Parameters = { new() { Value = walletId } } };
        Assert.Equal($"operator:{ApiFixture.OperatorName}", await cmd.ExecuteScalarAsync());
    }

    public static TheoryData<string[]> BadUsage =>
    [
        [],
        ["issue", "--role", "boss", "--name", "x"],
        ["issue", "--name", "x"],
        ["issue", "--role", "operator"],
        ["issue", "--role", "operator", "--name", "has space"],
        ["issue", "--role", "operator", "--name", "a", "--name", "b"],
        ["issue", "--role", "operator", "--name", "x", "extra"],
        ["revoke"],
        ["revoke", "not-a-uuid"],
        ["list", "extra"],
        ["issue", "--role", "auditor", "--name", "x", "--expires-in", "0d"],
        ["issue", "--role", "auditor", "--name", "x", "--expires-in", "367d"],
        ["issue", "--role", "auditor", "--name", "x", "--expires-in", "5y"],
        ["issue", "--role", "auditor", "--name", "x", "--expires-at", "soon"],
        ["issue", "--role", "auditor", "--name", "x", "--expires-in", "1d", "--expires-at", "2099-01-01T00:00:00Z"],
        ["grant", "x"],
    ];

    [Theory, MemberData(nameof(BadUsage))]
    public async Task Bad_arguments_are_exit_2_with_the_reason_and_issue_nothing(string[] args)
    {
        var before = await api.PersistedCountsAsync();

        var result = await CliAsync(args);

        CommandLine.AssertUsageError(result, "credentials");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_taken_name_an_unknown_id_and_a_second_revocation_are_refused_with_exit_1()
    {
        var issued = await api.IssueCredentialAsync(Name("twice"), Role.Auditor);

        Assert.Equal(1, (await CliAsync("issue", "--role", "operator", "--name", issued.Credential.Name)).Exit);
        Assert.Equal(1, (await CliAsync("revoke", Guid.NewGuid().ToString())).Exit);
        Assert.Equal(0, (await CliAsync("revoke", issued.Credential.Id.ToString())).Exit);
        var again = await CliAsync("revoke", issued.Credential.Id.ToString());

        Assert.Equal(1, again.Exit);
        Assert.Contains("already revoked", again.Err);
        var list = await CliAsync("list");
        Assert.Contains(list.Out.Split('\n'), l => l.TrimStart().StartsWith(issued.Credential.Id.ToString(), StringComparison.Ordinal) && !l.Contains(" - "));
    }

    private async Task<(int Exit, string Out, string Err)> CliAsync(params string[] args)
    {
        var (exit, stdout, stderr) = await CommandLine.RunAsync(api.Services, ["credentials", .. args]);
        return (exit, stdout, stderr);
    }
}
