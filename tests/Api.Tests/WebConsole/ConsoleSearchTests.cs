using Ledger.Infrastructure.Reads;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>Finding a wallet, merchant or terminal without its id: by a customer's phone or the start of a name.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleSearchTests(ConsoleFixture console)
{
    [Fact]
    public async Task An_auditor_finds_a_wallet_by_the_start_of_its_customers_name_in_any_case_and_opens_its_stream()
    {
        var surname = "Srch" + Guid.NewGuid().ToString("N")[..8];
        var wallet = await console.OpenWalletAsync(customerName: $"{surname} Lindqvist", phoneNumber: UniquePhone());
        var other = await console.OpenWalletAsync(customerName: $"Other {surname}", phoneNumber: UniquePhone());
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/streams");
        await page.FillAsync("#find", surname.ToUpperInvariant()[..10]);
        await page.ClickAsync("#find-form button");

        // The name's start matches, in any case; a name that only contains it further on does not.
        var rows = page.Locator("table.found tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains($"{surname} Lindqvist", await rows.First.TextContentAsync());
        Assert.DoesNotContain(other.ToString(), await page.ContentAsync());
        await ConsoleFixture.ScreenshotAsync(page, "streams-search");
        await rows.First.Locator("a").ClickAsync();
        Assert.Contains($"stream={wallet}", page.Url);
        Assert.Contains("wallet_opened.v1", await page.TextContentAsync("table.events"));
    }

    [Fact]
    public async Task A_phone_number_typed_with_spaces_finds_the_wallet_it_belongs_to_and_only_that_one()
    {
        var phone = UniquePhone();
        var wallet = await console.OpenWalletAsync(customerName: "Phone Search", phoneNumber: phone);
        await console.OpenWalletAsync(customerName: "Phone Search", phoneNumber: UniquePhone());
        var page = await console.SignedInAsync(console.AuditorToken);
        var spaced = $"{phone[..3]} {phone[3..6]} {phone[6..]}";
        await page.GotoAsync($"/console/streams?find={Uri.EscapeDataString(spaced)}");

        var rows = page.Locator("table.found tbody tr");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Contains(wallet.ToString(), await rows.First.TextContentAsync());
        // A phone is matched whole: its beginning finds nothing.
        await page.GotoAsync($"/console/streams?find={Uri.EscapeDataString(phone[..8])}");
        Assert.Equal(0, await page.Locator("table.found").CountAsync());
        Assert.Contains("Nothing found", await page.TextContentAsync("p.empty"));
    }

    [Fact]
    public async Task Too_short_or_too_long_a_search_is_a_clear_error_and_an_operator_cannot_search()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var shortOne = await page.GotoAsync("/console/streams?find=a");
        Assert.Equal(400, shortOne!.Status);
        Assert.Contains("Search for 2 to 100 characters", await page.TextContentAsync(".error"));
        var longOne = await page.GotoAsync($"/console/streams?find={new string('b', 101)}");
        Assert.Equal(400, longOne!.Status);

        // Personal data by name or phone is an auditor's read, as the streams are.
        var @operator = await console.SignedInAsync(console.OperatorToken);
        var refused = await @operator.GotoAsync("/console/streams?find=Console");
        Assert.Equal(403, refused!.Status);
        Assert.Equal(0, await @operator.Locator("table.found").CountAsync());
    }

    [Fact]
    public async Task The_audit_read_log_records_who_searched_for_what()
    {
        var marker = "Logged" + Guid.NewGuid().ToString("N")[..8];
        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync($"/console/streams?find={marker}");

        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where target = $1 and reader like 'auditor:%' and endpoint like 'GET %streams'",
            $"/console/streams?find={marker}"));
    }

    [Theory]
    [InlineData("mt_doc_wallet", SubjectSearch.WalletName)]
    [InlineData("mt_doc_merchant", SubjectSearch.MerchantName)]
    [InlineData("mt_doc_terminal", SubjectSearch.TerminalLabel)]
    public async Task A_name_search_is_a_range_of_an_index_however_many_rows_there_are(string table, string name)
    {
        // With sequential scans priced out, the planner still picks one when no index fits the search's expression.
        var condition = SubjectSearch.NameCondition(name);
        var literal = string.Join("'srch'", condition.Split('?'));
        await using var conn = new NpgsqlConnection(console.ConnectionString);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("set local enable_seqscan = off", conn, tx)) await off.ExecuteNonQueryAsync();
        await using var explain = new NpgsqlCommand($"explain select id from ledger.{table} where {literal}", conn, tx);
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));
        Assert.DoesNotContain(plan, line => line.Contains("Seq Scan", StringComparison.Ordinal));
        Assert.Contains(plan, line => line.Contains("Index", StringComparison.Ordinal));
    }

    private static string UniquePhone() => "+4917" + Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
