using Ledger.Api.WebConsole;
using Ledger.Infrastructure.Audit.Replay;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The what-if form read into a period and a policy, or the first thing wrong with it in words.</summary>
public sealed class WhatIfFormTests
{
    private static readonly WhatIfRow Blank = new("EUR", null, null, null);

    [Fact]
    public void Rows_of_two_currencies_make_one_policy_named_after_them_and_blank_rows_are_left_out()
    {
        var (form, error) = WhatIfForm.Parse("2026-12-01", "2026-12-08T12:00:00+01:00",
            [new("eur", "20.00", "100.00", "5"), Blank, new(" JPY ", "3000", "10000", "2"), new(null, "", " ", "")], null, null);
        Assert.Null(error);
        Assert.Equal(["EUR", "JPY"], form!.Policy.ByCurrency.Keys.Order());
        Assert.Equal(2000, form.Policy.ByCurrency["EUR"].PerPayment.Minor);
        Assert.Equal(3000, form.Policy.ByCurrency["JPY"].PerPayment.Minor);
        Assert.Equal("console: EUR 20.00 per payment, 100.00 and 5 a day; JPY 3000 per payment, 10000 and 2 a day", form.Policy.Name);
        Assert.Equal(DateTimeOffset.Parse("2026-12-01T00:00:00Z"), form.From);
        Assert.Equal(DateTimeOffset.Parse("2026-12-08T11:00:00Z"), form.To);
    }

    [Fact]
    public void A_policy_file_is_read_as_the_command_line_reads_it_and_written_back_to_the_same_policy()
    {
        const string File = """{"name": "tighter", "limits": {"USD": {"perPayment": "5", "dailyAmount": "50.5", "dailyCount": 2}, "EUR": {"perPayment": "1.00", "dailyAmount": "2.00", "dailyCount": 1}}}""";
        var (form, error) = WhatIfForm.Parse(null, null, [Blank], File, "ignored for a file");
        Assert.Null(error);
        Assert.Equal("tighter", form!.Policy.Name);
        Assert.Null(form.From);
        var written = LimitPolicyFile.Write(form.Policy);
        Assert.Contains("\"dailyAmount\": \"50.50\"", written);
        Assert.Equal(written, LimitPolicyFile.Write(LimitPolicyFile.Parse(written)));
        Assert.Equal(form.Policy.ByCurrency.OrderBy(p => p.Key), LimitPolicyFile.Parse(written).ByCurrency.OrderBy(p => p.Key));
    }

    [Theory]
    [InlineData("yesterday", null, "from and to must be times")]
    [InlineData("2026-12-02", "2026-12-01", "from must be before to")]
    [InlineData("2026-12-01", "2026-12-01", "from must be before to")]
    public void A_bad_period_is_refused(string? from, string? to, string error) =>
        Assert.Contains(error, WhatIfForm.Parse(from, to, [new("EUR", "1.00", "2.00", "1")], null, null).Error);

    [Theory]
    [InlineData("EUR", "1.00", "2.00", "1", "EUR", "1.00", "2.00", "1", "Row 2: EUR has a row already")]
    [InlineData("EUR", "1.00", "2.00", "-1", null, null, null, null, "Row 1: the daily count must be a whole number")]
    [InlineData("EUR", "1.005", "2.00", "1", null, null, null, null, "Row 1:")]
    [InlineData("EUR", "3.00", "2.00", "1", null, null, null, null, "Row 1: not a limit policy")]
    [InlineData("", "1.00", "2.00", "1", null, null, null, null, "Row 1: the currency must be an ISO 4217 code")]
    public void A_bad_row_is_refused_by_its_number(string c1, string p1, string a1, string n1, string? c2, string? p2, string? a2, string? n2, string error)
    {
        var (form, message) = WhatIfForm.Parse(null, null, [new(c1, p1, a1, n1), new(c2, p2, a2, n2)], null, null);
        Assert.Null(form);
        Assert.Contains(error, message);
    }

    [Fact]
    public void Too_much_is_refused_before_it_is_read()
    {
        Assert.Contains("at most 16000 characters", WhatIfForm.Parse(null, null, [Blank], new string(' ', 16_000) + "{}", null).Error);
        Assert.Contains("At most 20 currencies", WhatIfForm.Parse(null, null, Enumerable.Repeat(Blank, 21).ToList(), null, null).Error);
        Assert.Contains("at most 100 characters", WhatIfForm.Parse(null, null, [new("EUR", "1.00", "2.00", "1")], null, new string('n', 101)).Error);
        // A made-up name is cut to fit, never refused.
        var many = new[] { "EUR", "USD", "GBP", "CHF" }.Select(c => new WhatIfRow(c, "1000000.00", "2000000.00", "100000")).ToList();
        var (form, error) = WhatIfForm.Parse(null, null, many, null, null);
        Assert.Null(error);
        Assert.Equal(WhatIfForm.MaxName, form!.Policy.Name.Length);
        Assert.EndsWith("…", form.Policy.Name);
    }
}
