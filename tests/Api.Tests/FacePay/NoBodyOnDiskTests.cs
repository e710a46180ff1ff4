using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// Face captures (and PINs) must not land on disk on their way in: ASP.NET Core buffers a rewound body over 30 KB, and
/// a multipart file over 64 KB, to a temporary file <c>ASPNETCORE_*.tmp</c> in <c>ASPNETCORE_TEMP</c> (else the system's
/// temporary folder). A watcher on that folder sees every such file (its writes, its deletion), even one deleted at the end of the request.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class NoBodyOnDiskTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task Attack_a_large_signed_capture_and_a_large_multipart_enrolment_leave_no_file_in_the_temporary_folder()
    {
        var terminal = await api.RegisterTerminalAsync();
        var howard = await _driver.EnrolledAsync("howard");
        // A real face with 3 MB after its end: decoders ignore what follows a PNG's last chunk; the body is large.
        var large = Faces.Crop("howard", 2).Concat(new byte[3 * 1024 * 1024]).ToArray();
        var folder = Environment.GetEnvironmentVariable("ASPNETCORE_TEMP") is { Length: > 0 } configured ? configured : Path.GetTempPath();
        var created = new ConcurrentQueue<string>();
        using var watcher = new FileSystemWatcher(folder, "ASPNETCORE_*") { IncludeSubdirectories = false, EnableRaisingEvents = true };
        // Linux reports such a file by its writes and its deletion (its creation event is not always raised).
        watcher.Created += (_, e) => created.Enqueue(e.Name!);
        watcher.Changed += (_, e) => created.Enqueue(e.Name!);
        watcher.Deleted += (_, e) => created.Enqueue(e.Name!);
        await Task.Delay(200);

        var paid = await api.Client.SendAsync(api.Signed(terminal, "/v1/face-payments", JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "1.00", currency = "EUR", customer = FacePayDriver.Phone(howard),
            pin = "4711", image = Convert.ToBase64String(large),
        }, JsonSerializerOptions.Web), ApiFixture.Key()));
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var enrolled = await _driver.EnrolMultipartAsync(howard.WalletId, large, "howard.png");
        Assert.True(enrolled.StatusCode == HttpStatusCode.Created, await enrolled.Content.ReadAsStringAsync());

        // The control: the same buffering ASP.NET Core does, with its default threshold, is seen by the watcher. Events
        // arrive in order, so once it is seen any file the requests made would have been seen before it.
        await using (var control = new FileBufferingReadStream(new MemoryStream(large), 30 * 1024))
            await control.DrainAsync(default);
        for (var i = 0; i < 100 && created.IsEmpty; i++) await Task.Delay(50);
        Assert.Single(created.Distinct());
    }
}
