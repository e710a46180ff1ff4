namespace Ledger.Api.Http;

/// <summary>
/// Refuses bodies over the limit with 413 before anything reads them, whatever the server in front
/// (Kestrel enforces its own limit; this makes the contract hold for every host, tests included).
/// Endpoints that take images raise the limit with <see cref="AllowLargeBody"/>.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, long maxBytes)
{
    public Task InvokeAsync(HttpContext http)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<AllowLargeBody>()?.MaxBytes ?? maxBytes;
        if (http.Request.ContentLength > limit)
            throw new BadHttpRequestException($"The body is over {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
        if (http.Request.ContentLength is null && http.Request.Body.CanRead)
            http.Request.Body = new CappedStream(http.Request.Body, limit);
        return next(http);
    }

    private sealed class CappedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) =>
            Count(await inner.ReadAsync(buffer, ct));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

        private int Count(int n)
        {
            _read += n;
            return _read > limit
                ? throw new BadHttpRequestException($"The body is over {limit} bytes.", StatusCodes.Status413PayloadTooLarge)
                : n;
        }
    }
}

/// <summary>Endpoint metadata: this endpoint accepts bodies up to <see cref="MaxBytes"/>.</summary>
public sealed record AllowLargeBody(long MaxBytes);
