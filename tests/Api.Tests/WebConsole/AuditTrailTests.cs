using System.Text.Json;
using Ledger.Api.Audit;
using Ledger.Api.Tests.Support;
using Ledger.Api.WebConsole;
using Ledger.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Ledger.Verifier;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// The audit trail page in a real browser: chain status and checkpoints, a signed export downloaded and verified by the
/// page's own script (WebCrypto, no server help), a tampered copy failing with the verifier's reason, and the browser's
/// verifier agreeing with <c>ledger audit verify</c>'s (<see cref="ExportVerifier"/>) on the published vectors and on
/// every edit <see cref="ExportMutations"/> makes of them and of a real export.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class AuditTrailTests(ConsoleFixture console)
{
    private static string Vectors => Path.Combine(RepositoryRoot.Path, "docs", "audit-vectors");

    [Fact]
    public async Task An_auditor_downloads_a_signed_export_and_the_browser_verifies_it_against_the_published_key()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.AuditorToken);
        var (download, file) = await DownloadExportAsync(page, wallet);
        Assert.Contains("every event is chained", await page.TextContentAsync("#chain-status") ?? "");
        Assert.True(await page.Locator("table.checkpoints tbody tr").CountAsync() >= 1);
        Assert.Equal(ExportFile.FileName, download.SuggestedFilename);

        var verdict = await VerifyInPageAsync(page, file);
        Assert.Equal("ok", await verdict.GetAttributeAsync("data-verdict"));
        Assert.Contains("3 events re-hashed", await verdict.TextContentAsync());
        Assert.Contains("the selection (1 stream(s)) is complete", await page.TextContentAsync("#verdict"));
        await ConsoleFixture.ScreenshotAsync(page, "audit-trail");

        // The download is an auditor's read of the wallet's stream, recorded as the HTTP export is; so is each of several listed.
        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where $1 = any(streams) and target like '/console/audit?handler=export%'", wallet));
        var other = await console.OpenWalletAsync();
        await console.SignedUpToAsync(other);
        await page.GotoAsync("/console/audit");
        await page.FillAsync("#export-stream", $"{wallet}, {other}");
        await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-form button"));
        Assert.Equal(1L, await console.ScalarAsync<long>(
            "select count(*) from ledger.audit_reads where $1 = any(streams) and $2 = any(streams) and target like '/console/audit?handler=export%'", wallet, other));
    }

    [Fact]
    public async Task A_tampered_export_fails_in_the_browser_with_the_reason_and_seq_the_command_line_gives()
    {
        var wallet = await console.OpenWalletAsync(topUp: "120.00");
        var page = await console.SignedInAsync(console.AuditorToken);
        var genuine = await File.ReadAllTextAsync((await DownloadExportAsync(page, wallet)).File);
        Assert.Contains("12000", genuine);

        // The top-up raised from 120.00 to 920.00 EUR, as someone editing the file would.
        var tampered = Path.Combine(Path.GetTempPath(), $"tampered-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllTextAsync(tampered, genuine.Replace("12000", "92000"));
        try
        {
            var verdict = await VerifyInPageAsync(page, tampered);
            var cli = await ExportVerifier.VerifyFileAsync(tampered, await PublishedKeyAsync(page), default);
            Assert.Equal("event_altered", cli.Failure?.Code);
            Assert.Equal(cli.Failure!.Code, await verdict.GetAttributeAsync("data-verdict"));
            Assert.Equal(cli.Failure.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture), await verdict.GetAttributeAsync("data-seq"));
            Assert.Contains("does not match its chain hash", await verdict.TextContentAsync());
            await ConsoleFixture.ScreenshotAsync(page, "audit-trail-tampered");
        }
        finally
        {
            File.Delete(tampered);
        }
    }

    [Fact]
    public async Task The_browser_and_the_command_line_give_every_vector_and_every_edit_of_it_the_same_verdict()
    {
        var key = (await File.ReadAllTextAsync(Path.Combine(Vectors, "public-key.txt"))).Trim();
        var corpus = new List<(string Name, string Text)>();
        foreach (var export in new[] { "stream-export.jsonl", "log-export.jsonl" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(Vectors, export));
            corpus.Add((export, text));
            corpus.AddRange(ExportMutations.Of(text).Select(m => ($"{export}, {m.Name}", m.Text)));
        }
        foreach (var file in Directory.GetFiles(Path.Combine(Vectors, "tampered"), "*.jsonl"))
            corpus.Add(($"tampered/{Path.GetFileName(file)}", await File.ReadAllTextAsync(file)));

        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/audit");
        var disagreements = await CompareAsync(page, corpus, key);

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {corpus.Count} files:\n" + string.Join("\n", disagreements.Take(30)));
    }

    [Fact]
    public async Task On_a_real_export_and_its_edits_the_browser_and_the_command_line_agree_too()
    {
        var wallet = await console.OpenWalletAsync(frozen: true);
        var page = await console.SignedInAsync(console.AuditorToken);
        var export = await File.ReadAllTextAsync((await DownloadExportAsync(page, wallet)).File);
        var corpus = ExportMutations.Of(export).Prepend(("genuine", export)).ToList();

        var disagreements = await CompareAsync(page, corpus, Convert.ToBase64String(await PublishedKeyAsync(page)));

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {corpus.Count} files:\n" + string.Join("\n", disagreements.Take(30)));
    }

    [Fact]
    public async Task On_an_export_carrying_a_key_hand_over_and_a_revocation_the_browser_and_the_command_line_agree()
    {
        await using var ledger = await Ledger.Integration.Tests.Audit.AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var early = await ledger.SealAsync();
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();
        var retired = ledger.Key.PublicKey;
        await ledger.Services.GetRequiredService<AuditKeyRotator>().RotateAsync(default);
        await ledger.TopUpAsync(story.WalletIds[0]);
        await ledger.SealAsync();
        await ledger.Services.GetRequiredService<AuditKeyRevoker>().RevokeAsync(retired, early.Statement.Size, "copied from a backup", default);
        using var output = new MemoryStream();
        await ledger.Exporter.ExportAsync(new ExportRequest(null, null, []), output, default);
        var export = System.Text.Encoding.UTF8.GetString(output.ToArray());
        Assert.Contains("\"kind\":\"revocation\"", export);
        var corpus = ExportMutations.Of(export).Prepend(("genuine", export)).ToList();

        var page = await console.SignedInAsync(console.AuditorToken);
        await page.GotoAsync("/console/audit");
        var disagreements = await CompareAsync(page, corpus, Convert.ToBase64String(retired));

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {corpus.Count} files:\n" + string.Join("\n", disagreements.Take(30)));
    }

    [Fact]
    public async Task Only_the_audit_trail_may_run_script_and_only_the_services_own_and_operators_cannot_open_it()
    {
        var auditor = await console.SignedInAsync(console.AuditorToken);
        var audit = await auditor.GotoAsync("/console/audit");
        Assert.Equal(ConsoleHeaders.ContentSecurityPolicyWithScripts, await audit!.HeaderValueAsync("content-security-policy"));
        Assert.DoesNotContain("unsafe-inline", ConsoleHeaders.ContentSecurityPolicyWithScripts);
        var streams = await auditor.GotoAsync("/console/streams");
        Assert.Equal(ConsoleHeaders.ContentSecurityPolicy, await streams!.HeaderValueAsync("content-security-policy"));
        Assert.DoesNotContain("script-src", ConsoleHeaders.ContentSecurityPolicy);

        var @operator = await console.SignedInAsync(console.OperatorToken);
        Assert.Equal(403, (await @operator.GotoAsync("/console/audit"))!.Status);
        Assert.Equal(403, (await @operator.GotoAsync("/console/audit?handler=export"))!.Status);
    }

    [Fact]
    public async Task A_bad_selection_or_cursor_is_said_on_the_page_and_nothing_is_downloaded()
    {
        var page = await console.SignedInAsync(console.AuditorToken);
        var bad = await page.GotoAsync("/console/audit?handler=export&stream=not-a-stream");
        Assert.Equal(400, bad!.Status);
        Assert.Contains("is not a stream id", await page.TextContentAsync(".error"));
        var backwards = await page.GotoAsync("/console/audit?handler=export&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z");
        Assert.Equal(400, backwards!.Status);
        var unknown = await page.GotoAsync($"/console/audit?handler=export&stream={Guid.NewGuid()}");
        Assert.Equal(409, unknown!.Status);
        Assert.Contains("Nothing can be exported", await page.TextContentAsync(".error"));
        Assert.Equal(400, (await page.GotoAsync("/console/audit?before=0"))!.Status);
        await page.GotoAsync("/console/audit?before=1");
        Assert.Contains("No checkpoints over fewer than 1 events", await page.TextContentAsync("p.empty"));
    }

    /// <summary>Once a checkpoint covers the stream: its export, downloaded through the page's form as an auditor would.</summary>
    private async Task<(IDownload Download, string File)> DownloadExportAsync(IPage page, Guid stream)
    {
        await console.SignedUpToAsync(stream);
        await page.GotoAsync("/console/audit");
        await page.FillAsync("#export-stream", stream.ToString());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#export-form button"));
        return (download, await download.PathAsync());
    }

    /// <summary>Chooses <paramref name="file"/> in the page's verify form, submits it and waits for the verdict.</summary>
    private static async Task<ILocator> VerifyInPageAsync(IPage page, string file)
    {
        await page.SetInputFilesAsync("#verify-file", file);
        await page.ClickAsync("#verify-button");
        var verdict = page.Locator("#verdict [data-verdict]");
        await verdict.WaitForAsync();
        return verdict;
    }

    private static async Task<byte[]> PublishedKeyAsync(IPage page) =>
        Convert.FromBase64String(await page.InputValueAsync("#verify-key"));

    /// <summary>Each file verified by both: the browser's verifier (run in the page) and <see cref="ExportVerifier"/>; their (code, seq) must match.</summary>
    private static async Task<List<string>> CompareAsync(IPage page, List<(string Name, string Text)> corpus, string key)
    {
        var browser = await page.EvaluateAsync<JsonElement>(
            """
            async ([texts, key]) => {
              const out = [];
              for (const text of texts) {
                const r = await LedgerVerifier.verify(text, { publicKey: key });
                out.push(r.failure ? [r.failure.code, String(r.failure.seq)] : ["ok", String(r.lastSeq)]);
              }
              return out;
            }
            """, new object[] { corpus.Select(c => c.Text).ToArray(), key });
        var codes = new HashSet<string>();
        var disagreements = new List<string>();
        var keyBytes = Convert.FromBase64String(key);
        for (var i = 0; i < corpus.Count; i++)
        {
            // Read as the command line reads a file: UTF-8 bytes through a StreamReader (which drops a byte order mark).
            using var file = new StreamReader(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(corpus[i].Text)));
            var cli = await ExportVerifier.VerifyAsync(file, keyBytes, default);
            var expected = cli.Failure is { } f ? (f.Code, f.Seq.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : ("ok", cli.LastSeq.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var actual = (browser[i][0].GetString()!, browser[i][1].GetString()!);
            codes.Add(expected.Item1);
            if (expected != actual) disagreements.Add($"{corpus[i].Name}: command line {expected}, browser {actual}");
        }
        // The corpus must exercise the verifier, not only its parser: many different verdicts, genuine files among them.
        Assert.True(codes.Count >= 6, $"the corpus reached only {string.Join(", ", codes)}");
        return disagreements;
    }
}
