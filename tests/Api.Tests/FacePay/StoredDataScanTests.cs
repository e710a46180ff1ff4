using System.Globalization;
using Ledger.Api.Tests.Support;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// Raw captures and plaintext templates must exist nowhere after enrolment and payments: every column of every
/// table of the database is searched for slices of the capture bytes (raw and base64) and for the template values
/// (as float32 bytes and as printed numbers); so is every log line the API wrote.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StoredDataScanTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task No_capture_bytes_and_no_plaintext_template_are_stored_in_any_table_event_or_log_line()
    {
        var terminal = await api.RegisterTerminalAsync();
        var amy = await _driver.EnrolledAsync("amy");
        await _driver.BecomeRegularAsync(amy, terminal);
        await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("amy", 2), FacePayDriver.LastFour(amy)));
        await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("howard", 2), FacePayDriver.Phone(amy)));
        var captures = new[] { Faces.Crop("amy", 1), Faces.Crop("amy", 2), Faces.Crop("howard", 2) };
        var verifier = api.Services.GetRequiredService<FaceVerifier>();
        var templates = new List<float[]>();
        foreach (var capture in captures)
            templates.Add((await verifier.AnalyzeAsync(capture)).Chosen!.Template.Descriptor);

        var byteNeedles = captures.SelectMany(c => new[] { c[(c.Length / 2)..(c.Length / 2 + 48)], c[^48..] })
            .Concat(templates.Select(t => StoredDataSearch.FloatBytes(t.AsSpan(0, 4)))).Concat(templates.Select(t => StoredDataSearch.FloatBytes(t.AsSpan(64, 4))))
            .ToList();
        var textNeedles = captures.Select(c => Convert.ToBase64String(c.AsSpan(0, 48)))
            .Concat(captures.Select(c => Convert.ToBase64String(c.AsSpan(c.Length / 3 * 3 - 48, 48))))
            .Concat(templates.SelectMany(t => t.Select(Printed).OfType<string>().Take(6)))
            .ToList();

        var hits = (await StoredDataSearch.HitsAsync(api, byteNeedles, textNeedles)).Select(h => h.Hit);
        Assert.Empty(hits);

        // Nor in any log line the API wrote during the whole run so far.
        Assert.NotEmpty(api.Logs.Lines);
        Assert.Empty(api.Logs.Lines.Where(line => textNeedles.Any(line.Contains)));
    }

    // The first eight decimals, cut not rounded: what any JSON or text rendering of the value (float or double) starts
    // with. Eight, because timestamps carry seven fractional digits; values that print shorter are not used.
    private static string? Printed(float value)
    {
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var dot = text.IndexOf('.');
        return dot < 0 || text.Contains('E') || text.Length - dot < 9 ? null : text.Substring(dot, 9);
    }
}
