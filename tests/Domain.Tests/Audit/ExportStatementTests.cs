using Ledger.Domain.Audit;

namespace Ledger.Domain.Tests.Audit;

public sealed class ExportStatementTests
{
    private static readonly Guid Ada = Guid.Parse("0b6c3f4e-1111-4a4a-9b9b-000000000001");
    private static readonly Guid Alan = Guid.Parse("0b6c3f4e-1111-4a4a-9b9b-000000000002");

    private static ExportStatement Statement(string? from = null, string? to = null, params StreamHead[] streams) =>
        new("2026-12-03T12:00:00.000000Z", from, to, streams,
            new CheckpointRef(40, 38, new string('a', 64)), new CheckpointRef(55, 52, new string('b', 64)), 7, "ledger.example/test");

    [Fact]
    public void The_signed_text_is_canonical_with_streams_in_the_order_of_their_ids()
    {
        var text = Statement(streams: [new StreamHead(Alan, 3), new StreamHead(Ada, 9)]).CanonicalText();

        const string expected =
            """{"covering":{"root":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","seq":40,"size":38},"events":7,"exportedAt":"2026-12-03T12:00:00.000000Z","format":"ledger-audit-export-statement/1","latest":{"root":"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb","seq":55,"size":52},"log":"ledger.example/test","selection":{"from":null,"streams":[{"head":9,"id":"0b6c3f4e-1111-4a4a-9b9b-000000000001"},{"head":3,"id":"0b6c3f4e-1111-4a4a-9b9b-000000000002"}],"to":null}}""";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Parsing_the_signed_text_gives_the_same_statement_back()
    {
        var statement = Statement("2026-12-01T00:00:00.000000Z", "2026-12-02T00:00:00.000000Z", new StreamHead(Ada, 9));

        var parsed = ExportStatement.Parse(statement.CanonicalText());

        Assert.Equal(statement.CanonicalText(), parsed.CanonicalText());
        Assert.Equal(new StreamHead(Ada, 9), Assert.Single(parsed.Streams));
        Assert.False(parsed.WholeStreams);
    }

    [Theory]
    [InlineData("unknown member", "\"events\":7,", "\"events\":7,\"note\":\"x\",")]
    [InlineData("member missing", "\"events\":7,", "")]
    [InlineData("member repeated", "\"events\":7,", "\"events\":7,\"events\":8,")]
    [InlineData("not canonical: whitespace", "\"events\":7,", "\"events\": 7,")]
    [InlineData("not canonical: number spelling", "\"events\":7,", "\"events\":7.0,")]
    [InlineData("another format", "ledger-audit-export-statement/1", "ledger-audit-export-statement/2")]
    [InlineData("a negative count", "\"events\":7,", "\"events\":-7,")]
    [InlineData("a log name with a space", "ledger.example/test", "ledger example/test")]
    [InlineData("a timestamp of another shape", "2026-12-03T12:00:00.000000Z", "2026-12-03T12:00:00Z")]
    [InlineData("a stream twice", "\"streams\":[{\"head\":9,\"id\":\"0b6c3f4e-1111-4a4a-9b9b-000000000001\"}]",
        "\"streams\":[{\"head\":9,\"id\":\"0b6c3f4e-1111-4a4a-9b9b-000000000001\"},{\"head\":9,\"id\":\"0b6c3f4e-1111-4a4a-9b9b-000000000001\"}]")]
    [InlineData("an unknown member of a stream", "{\"head\":9,", "{\"extra\":1,\"head\":9,")]
    public void Anything_but_the_canonical_text_of_a_well_formed_statement_is_refused(string why, string find, string replace)
    {
        var text = Statement(streams: new StreamHead(Ada, 9)).CanonicalText();
        Assert.Contains(find, text);

        var refused = Assert.Throws<FormatException>(() => ExportStatement.Parse(text.Replace(find, replace)));
        Assert.False(string.IsNullOrWhiteSpace(refused.Message), why);
    }

    [Fact]
    public void A_newest_checkpoint_older_than_the_covering_one_is_refused()
    {
        var statement = Statement() with { Latest = new CheckpointRef(30, 20, new string('c', 64)) };

        Assert.Throws<FormatException>(() => ExportStatement.Parse(statement.CanonicalText()));
    }

    [Fact]
    public void A_time_range_selects_from_its_start_inclusive_to_its_end_exclusive()
    {
        var statement = Statement("2026-12-01T00:00:00.000000Z", "2026-12-02T00:00:00.000000Z");

        Assert.False(statement.Selects(Ada, "2026-11-30T23:59:59.999999Z"));
        Assert.True(statement.Selects(Ada, "2026-12-01T00:00:00.000000Z"));
        Assert.True(statement.Selects(null, "2026-12-01T23:59:59.999999Z"));
        Assert.False(statement.Selects(Ada, "2026-12-02T00:00:00.000000Z"));
    }

    [Fact]
    public void A_stream_selection_selects_only_its_streams_and_holds_every_version()
    {
        var statement = Statement(streams: new StreamHead(Ada, 9));

        Assert.True(statement.Selects(Ada, "2026-12-01T00:00:00.000000Z"));
        Assert.False(statement.Selects(Alan, "2026-12-01T00:00:00.000000Z"));
        Assert.False(statement.Selects(null, "2026-12-01T00:00:00.000000Z"));
        Assert.True(statement.WholeStreams);
    }
}
