using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ledger.Domain.Access;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore.EarlierVersions;
using Ledger.Integration.Tests.Support;
using Marten;
using Npgsql;

namespace Ledger.Integration.Tests.Events;

/// <summary>
/// JSON once stored stays readable forever: every shape ever written under an earlier name (StoredEvents/*.json, taken
/// from the store and from each shape's commit) is put into the log as it lay there, read back through Marten as
/// today's type, and folded. On a database of its own: rows written with SQL have no inline snapshots, which the shared
/// fixture's rebuild comparisons (RebuildTests) would count as differences.
/// </summary>
public sealed class EarlierEventShapesTests(LedgerFixture ledger) : IClassFixture<LedgerFixture>
{
    public static TheoryData<string, int> Shapes()
    {
        var data = new TheoryData<string, int>();
        foreach (var file in Fixtures())
            for (var i = 0; i < Load(file).GetProperty("shapes").GetArrayLength(); i++)
                data.Add(Path.GetFileName(file), i);
        return data;
    }

    [Theory, MemberData(nameof(Shapes))]
    public async Task An_earlier_shape_reads_as_todays_event_with_the_same_content(string fixture, int shape)
    {
        var stored = Load(Path.Combine(Directory(), "StoredEvents", fixture));
        var type = stored.GetProperty("type").GetString()!;
        var row = stored.GetProperty("shapes")[shape];
        var streamId = Guid.NewGuid();
        await InsertAsync(streamId, 1, type, stored.GetProperty("clrType").GetString()!, row.GetProperty("data").GetRawText());

        await using var session = ledger.Store.QuerySession();
        var read = Assert.Single(await session.Events.FetchStreamAsync(streamId));

        Assert.Equal(EventUpcasters.Earlier[type].Current, read.Data.GetType());
        var asToday = JsonSerializer.SerializeToNode(read.Data, read.Data.GetType(), Web);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(row.GetProperty("readsAs").GetRawText()), asToday), $"{fixture} shape {shape} read as {asToday}");
    }

    [Fact]
    public void Every_earlier_name_has_its_stored_shapes_here()
    {
        var covered = Fixtures().Select(f => Load(f).GetProperty("type").GetString()).ToHashSet();
        Assert.All(EventUpcasters.Earlier.Keys, name => Assert.Contains(name, covered));
    }

    [Fact]
    public async Task A_wallet_whose_consent_was_stored_in_each_earlier_shape_folds_to_face_pay_enabled()
    {
        foreach (var (data, purpose) in new[]
                 {
                     ("""{"walletId": "ID", "enabledAt": "2026-11-25T08:00:00+00:00", "consentPolicyVersion": "consent-2026-01"}""", (string?)null),
                     ("""{"purpose": "face payment", "walletId": "ID", "enabledAt": "2026-11-30T14:21:07.5+00:00", "consentPolicyVersion": "consent-2026-01"}""", "face payment"),
                 })
        {
            var walletId = Guid.NewGuid();
            await InsertAsync(walletId, 1, "wallet_opened.v1", "Ledger.Domain.Wallets.WalletOpened, Ledger.Domain",
                $$$"""{"walletId": "{{{walletId}}}", "currency": "EUR", "openedAt": "2026-11-25T07:59:00+00:00", "customerName": "Ada", "phoneNumber": "+4915112345678", "limits": {"perPayment": {"minor": 20000, "currency": "EUR"}, "dailyAmount": {"minor": 50000, "currency": "EUR"}, "dailyCount": 20}}""");
            await InsertAsync(walletId, 2, "face_pay_enabled.v1", "Ledger.Domain.Wallets.FacePayEnabled, Ledger.Domain", data.Replace("ID", walletId.ToString()));

            await using var session = ledger.Store.QuerySession();
            var wallet = await session.Events.AggregateStreamAsync<Wallet>(walletId);
            var consent = (FacePayEnabled)(await session.Events.FetchStreamAsync(walletId))[1].Data;

            Assert.NotNull(wallet);
            Assert.True(wallet.FacePayEnabled);
            Assert.Equal(("consent-2026-01", purpose), (consent.ConsentPolicyVersion, consent.Purpose));
        }
    }

    [Fact]
    public async Task Todays_events_are_written_under_the_new_names()
    {
        var walletId = Guid.NewGuid();
        var credentialId = Guid.NewGuid();
        await using (var session = ledger.Store.LightweightSession())
        {
            session.Events.StartStream(walletId, new FacePayEnabled(walletId, "consent-2026-12", "face payment", DateTimeOffset.UtcNow));
            session.Events.StartStream(credentialId, new CredentialIssued(credentialId, "ops", Role.Operator, DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }
        await using var conn = await ledger.DataSource.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("select type from ledger.mt_events where stream_id = any($1) order by type", conn) { Parameters = { new() { Value = new[] { walletId, credentialId } } } };
        var types = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) types.Add(reader.GetString(0));
        Assert.Equal(["credential_issued.v2", "face_pay_enabled.v2"], types);
    }

    // The store's own casing and enum names (MartenSetup): camelCase, enums as their names.
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(), new Domain.CurrencyJsonConverter() },
    };

    private async Task InsertAsync(Guid streamId, int version, string type, string clrType, string json)
    {
        await using var conn = await ledger.DataSource.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch(conn)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("insert into ledger.mt_streams (id, type, version) values ($1, null, $2) on conflict (id) do update set version = $2")
                    { Parameters = { new() { Value = streamId }, new() { Value = (long)version } } },
                new NpgsqlBatchCommand(
                    "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, is_archived) " +
                    "values (nextval('ledger.mt_events_sequence'), gen_random_uuid(), $1, $2, $3::jsonb, $4, now(), '*DEFAULT*', $5, false)")
                    { Parameters = { new() { Value = streamId }, new() { Value = (long)version }, new() { Value = json }, new() { Value = type }, new() { Value = clrType } } },
            },
        };
        await batch.ExecuteNonQueryAsync();
    }

    private static IEnumerable<string> Fixtures() => System.IO.Directory.GetFiles(Path.Combine(Directory(), "StoredEvents"), "*.json").Order();

    private static JsonElement Load(string file) => JsonDocument.Parse(File.ReadAllText(file)).RootElement;

    private static string Directory([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
