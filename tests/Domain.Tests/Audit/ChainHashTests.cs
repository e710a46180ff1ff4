using System.Text.Json;
using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

public sealed class ChainHashTests
{
    private static readonly AuditRecord Record = new(
        Seq: 7, EventId: Guid.Parse("6f9619ff-8b86-d011-b42d-00c04fc964ff"), StreamId: Guid.Parse("50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994"),
        Version: 3, Type: "wallet_topped_up.v1", Timestamp: "2026-11-25T19:47:17.634687Z", CorrelationId: "corr-1", CausationId: null,
        Headers: JsonElement.Parse("""{"request-id": "r1", "actor": "operator:console", "idempotency-key": "operator:console/k1"}"""),
        Data: JsonElement.Parse("""{"amount": {"minor": 15000, "currency": "EUR"}, "walletId": "50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994"}"""));

    [Fact]
    public void The_hashed_text_is_the_canonical_record_with_every_field()
    {
        Assert.Equal(
            """{"causationId":null,"correlationId":"corr-1","data":{"amount":{"currency":"EUR","minor":15000},"walletId":"50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994"},"headers":{"actor":"operator:console","idempotency-key":"operator:console/k1","request-id":"r1"},"id":"6f9619ff-8b86-d011-b42d-00c04fc964ff","seq":7,"streamId":"50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994","timestamp":"2026-11-25T19:47:17.634687Z","type":"wallet_topped_up.v1","version":3}""",
            Record.CanonicalText());
    }

    [Fact]
    public void The_hash_is_sha256_of_the_previous_hash_and_the_canonical_record()
    {
        var expected = System.Security.Cryptography.SHA256.HashData([.. new byte[32], .. System.Text.Encoding.UTF8.GetBytes(Record.CanonicalText())]);
        Assert.Equal(expected, ChainHash.Link(ChainHash.Genesis, Record));
    }

    public static TheoryData<string> Changes => ["seq", "version", "type", "timestamp", "correlation", "causation", "actor", "amount", "previous"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Changing_any_hashed_part_changes_the_hash(string part)
    {
        var previous = ChainHash.Genesis;
        var changed = part switch
        {
            "seq" => Record with { Seq = 8 },
            "version" => Record with { Version = 4 },
            "type" => Record with { Type = "wallet_paid_out.v1" },
            "timestamp" => Record with { Timestamp = "2026-11-25T19:47:17.634688Z" },
            "correlation" => Record with { CorrelationId = "corr-2" },
            "causation" => Record with { CausationId = "evt-1" },
            "actor" => Record with { Headers = JsonElement.Parse("""{"request-id": "r1", "actor": "operator:mallory", "idempotency-key": "operator:console/k1"}""") },
            "amount" => Record with { Data = JsonElement.Parse("""{"amount": {"minor": 15001, "currency": "EUR"}, "walletId": "50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994"}""") },
            _ => Record,
        };
        if (part == "previous") previous = [1, .. new byte[31]];
        Assert.NotEqual(ChainHash.Link(ChainHash.Genesis, Record), ChainHash.Link(previous, changed));
    }

    [Fact]
    public void Stored_key_order_and_whitespace_do_not_change_the_hash()
    {
        var reordered = Record with { Data = JsonElement.Parse("""{ "walletId":"50c0bf14-e0b0-8cd5-9ac6-de9a74c5f994", "amount":{ "currency":"EUR", "minor":15000 } }""") };
        Assert.Equal(ChainHash.Link(ChainHash.Genesis, Record), ChainHash.Link(ChainHash.Genesis, reordered));
    }

    [Fact]
    public void Timestamps_are_written_in_utc_with_microseconds()
    {
        Assert.Equal("2026-11-25T18:47:17.634687Z",
            AuditRecord.FormatTimestamp(new DateTimeOffset(2026, 11, 25, 19, 47, 17, TimeSpan.FromHours(1)).AddTicks(6_346_870)));
    }
}
