using System.Text.RegularExpressions;
using Ledger.Api.Tests.Support;
using Xunit.Abstractions;

namespace Ledger.Api.Tests.Docs;

/// <summary>
/// Every documented path runs as a test (#16): the README's five-minute tour, run by <c>scripts/tour.sh</c> out of the
/// README itself against a service seeded as <c>scripts/run.sh</c> seeds it. The script checks each answer against the
/// README line's <c># → ...</c>; these tests hold its transcript to the README too, so that neither a step skipped nor
/// an answer loosened in the script can pass.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed partial class TourTests(TourService service, ITestOutputHelper output) : IClassFixture<TourService>
{
    [Fact]
    public async Task The_readme_tour_runs_as_pasted_and_every_step_answers_as_its_line_states()
    {
        var (exitCode, transcript) = await service.RunTourAsync();
        output.WriteLine(transcript);

        Assert.True(exitCode == 0, $"The tour exited {exitCode}:\n{transcript}");
        var stated = ReadmeTour.StatedAnswers();
        Assert.True(stated.Count >= 30, $"The README's tour states {stated.Count} answers; it had 33 when this test was written");
        // Each README line that states an answer made its request and was checked, once, in the README's order.
        var ran = RequestLine().Matches(transcript).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
        Assert.Equal(stated.Select(s => s.Line), ran);
        Assert.Equal(stated.Count, Regex.Count(transcript, "✓ as stated: "));
        Assert.Matches(@"tour: OK, \d+ steps answered as README.md states", transcript);

        // The outcomes the README promises, as the service answered them.
        Assert.True(Regex.Count(transcript, "\"status\":\"authorized\"") >= 3, "a code payment and two face payments authorized");
        Assert.Contains("\"reason\":\"payment_code_invalid\"", transcript);
        Assert.Contains("\"reason\":\"step_up_required\"", transcript);
        Assert.Contains("\"reason\":\"face_not_verified\"", transcript);
        Assert.Equal(2, Regex.Count(transcript, @"^   400 \{""type"":""urn:ledger:problem:", RegexOptions.Multiline));
        Assert.Matches(@"(?m)^   403 \{""type"":""urn:ledger:problem:role-forbidden""", transcript);
        Assert.Matches(@"(?m)^   422 \{""type"":""urn:ledger:problem:four-eyes-same-operator""", transcript);
        Assert.Matches(@"(?m)^OK: .*ada\.jsonl: \d+ events re-hashed, .* signed checkpoints verified", transcript);
        output.WriteLine($"tour summary: {Regex.Match(transcript, "tour: OK.*").Value}; " +
                         $"409s before the export: {Regex.Count(transcript, @"(?m)^   409 ")}");
    }

    [Fact]
    public async Task The_tour_stops_at_the_first_answer_other_than_stated_and_names_its_readme_line()
    {
        // A revoked or mistyped token: the first step is refused, and the tour must not carry on past it.
        var (exitCode, transcript) = await service.RunTourAsync(operatorToken: "lgr_not-a-token");
        output.WriteLine(transcript);

        Assert.Equal(1, exitCode);
        var first = ReadmeTour.StatedAnswers()[0];
        Assert.Contains($"tour: FAILED at README.md line {first.Line}: answered 401; the README states {first.Stated}", transcript);
        Assert.Single(RequestLine().Matches(transcript));
        Assert.DoesNotContain("tour: OK", transcript);
    }

    [GeneratedRegex(@"── README line (\d+): ")]
    private static partial Regex RequestLine();
}
