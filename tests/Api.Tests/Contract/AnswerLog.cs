using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Ledger.Api.Tests.Contract;

/// <summary>One answer the service gave: to which endpoint (its route pattern), with what status, media type and problem type.</summary>
public sealed record RecordedAnswer(string Method, string? RoutePattern, string Target, int Status, string? MediaType, string? ProblemType);

/// <summary>
/// Every answer the in-process service gives (ApiFixture installs it before the service's own middleware), so that
/// ContractConformanceTests can hold the whole API suite's real traffic against the published contract.
/// </summary>
public sealed class AnswerLog
{
    private const int KeptBytes = 16 * 1024;
    private readonly ConcurrentQueue<RecordedAnswer> _answers = new();

    public IReadOnlyList<RecordedAnswer> Answers => _answers.ToArray();

    public IStartupFilter StartupFilter() => new Filter(this);

    private async Task RecordAsync(HttpContext http, RequestDelegate next)
    {
        var original = http.Response.Body;
        var head = new HeadCopy(original, KeptBytes);
        http.Response.Body = head;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
            var mediaType = http.Response.ContentType?.Split(';')[0].Trim();
            _answers.Enqueue(new RecordedAnswer(http.Request.Method, (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText,
                http.Request.Path + http.Request.QueryString, http.Response.StatusCode, string.IsNullOrEmpty(mediaType) ? null : mediaType,
                mediaType == "application/problem+json" ? TypeOf(head.Kept) : null));
        }
    }

    private static string? TypeOf(byte[] problem)
    {
        try
        {
            return JsonDocument.Parse(problem).RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
        }
        catch (JsonException)
        {
            return "(not JSON)";
        }
    }

    private sealed class Filter(AnswerLog log) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, inner) => log.RecordAsync(http, inner));
            next(app);
        };
    }

    /// <summary>Passes everything written on, keeping a copy of the first bytes.</summary>
    private sealed class HeadCopy(Stream inner, int limit) : Stream
    {
        private readonly MemoryStream _kept = new();
        public byte[] Kept => _kept.ToArray();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, ct);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = limit - (int)_kept.Length;
            if (room > 0) _kept.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }
}
