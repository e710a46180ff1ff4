using System.Globalization;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

/// <summary>What an auditor's request asks for, as the audit read log records it: streams and period, never the answer.</summary>
public static class AuditReads
{
    private static readonly string[] StreamParameters = ["stream", "account"];
    private static readonly string[] FromParameters = ["from", "after"];
    private static readonly string[] ToParameters = ["to", "asOf"];

    public static AuditRead Describe(HttpContext http, Endpoint endpoint, Credential reader, DateTimeOffset now)
    {
        var request = http.Request;
        var pattern = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName ?? "?";
        var streams = request.RouteValues.Values.Select(v => v?.ToString())
            .Concat(StreamParameters.SelectMany(p => request.Query[p].SelectMany(Listed).Select(StreamOf)))
            .Select(v => Guid.TryParse(v, out var id) ? id : (Guid?)null).OfType<Guid>().Distinct().ToList();
        return new AuditRead(now, reader.Id, reader.Actor.ToString(), $"{request.Method} {pattern}",
            (request.PathBase + request.Path).ToString() + request.QueryString, streams,
            FirstTime(request.Query, FromParameters), FirstTime(request.Query, ToParameters), http.TraceIdentifier);
    }

    // A form field may list several (the console's export: ids separated by commas or spaces); each is a stream read.
    private static IEnumerable<string?> Listed(string? value) =>
        value?.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    // Journal accounts name their stream: wallet:{id}, merchant:{id}.
    private static string? StreamOf(string? value) => value is null ? null : value[(value.IndexOf(':') + 1)..];

    private static DateTimeOffset? FirstTime(IQueryCollection query, string[] names) =>
        names.Select(n => query[n].ToString())
            .Select(v => DateTimeOffset.TryParse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null)
            .FirstOrDefault(t => t is not null);
}
