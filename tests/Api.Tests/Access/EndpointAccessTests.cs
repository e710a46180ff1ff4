using System.Net;
using System.Text;
using Ledger.Api.Access;
using Ledger.Api.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.Access;

/// <summary>
/// Every endpoint the running app maps, found through its <see cref="EndpointDataSource"/>, called with no
/// credential, with the wrong one and with the right one. A new endpoint without a row in
/// <see cref="EndpointAccessTable"/> fails here; one without a declaration does not even start.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class EndpointAccessTests(ApiFixture api)
{
    private sealed record Route(string Key, string Method, string Path, Expected Expected, bool Console);

    private List<Route> Routes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(method =>
            {
                var key = $"{method} {e.RoutePattern.RawText}";
                return new Route(key, method, Concrete(e.RoutePattern.RawText!),
                    EndpointAccessTable.All.TryGetValue(key, out var expected) ? expected : (Expected)(-1),
                    e.Metadata.GetMetadata<Ledger.Api.WebConsole.ConsoleSessionEndpoint>() is not null);
            }))
            .ToList();

    /// <summary>
    /// What a bearer token can call. Console pages take the session cookie instead and refuse as pages (a redirect to the
    /// sign-in form, an error page): the browser tests attack them (tests/Api.Tests/WebConsole).
    /// </summary>
    private List<Route> BearerRoutes() => Routes().Where(r => !r.Console).ToList();

    [Fact]
    public void Every_mapped_endpoint_has_a_row_in_the_access_table_and_every_row_is_mapped()
    {
        var mapped = Routes().Select(r => r.Key).ToHashSet();
        Assert.Empty(mapped.Where(k => !EndpointAccessTable.All.ContainsKey(k)).Order());
        Assert.Empty(EndpointAccessTable.All.Keys.Where(k => !mapped.Contains(k)).Order());
    }

    [Fact]
    public void Every_mapped_endpoint_declares_the_access_the_table_expects()
    {
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.Empty(AccessDeclarationCheck.Undeclared(endpoints));
        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
        {
            var key = $"{method} {endpoint.RoutePattern.RawText}";
            if (!EndpointAccessTable.All.TryGetValue(key, out var expected)) continue;
            var declared = AccessRules.DeclarationOf(endpoint) switch
            {
                AccessDeclaration.Public => Expected.Public,
                AccessDeclaration.Terminal => Expected.Terminal,
                AccessDeclaration.ForRoles { Roles.Count: 2 } => Expected.OperatorOrAuditor,
                AccessDeclaration.ForRoles r when r.Roles.Contains(Domain.Access.Role.Operator) => Expected.Operator,
                AccessDeclaration.ForRoles => Expected.Auditor,
                _ => (Expected)(-1),
            };
            if (declared != expected) wrong.Add($"{key}: declares {declared}, expected {expected}");
        }
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Without_a_credential_every_endpoint_but_the_public_ones_is_a_401_problem_and_persists_nothing()
    {
        var before = await CountsAsync();
        var wrong = new List<string>();
        foreach (var route in BearerRoutes())
        {
            var response = await api.AnonymousClient.SendAsync(Request(route));
            var ok = route.Expected == Expected.Public
                ? response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden) && (int)response.StatusCode < 500
                : response.StatusCode == HttpStatusCode.Unauthorized && IsProblem(response);
            if (!ok) wrong.Add($"{route.Key}: {(int)response.StatusCode}");
        }
        Assert.Empty(wrong);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task With_the_wrong_role_every_endpoint_refuses_and_persists_nothing()
    {
        var before = await CountsAsync();
        var wrong = new List<string>();
        foreach (var route in BearerRoutes())
        {
            // A bearer token is no terminal signature: a terminal endpoint asks for one (401) whoever holds the token.
            (HttpClient? client, HttpStatusCode status) = route.Expected switch
            {
                Expected.Operator => (api.AuditorClient, HttpStatusCode.Forbidden),
                Expected.Auditor => (api.Client, HttpStatusCode.Forbidden),
                Expected.Terminal => (api.AuditorClient, HttpStatusCode.Unauthorized),
                _ => ((HttpClient?)null, default(HttpStatusCode)),
            };
            if (client is null) continue;
            var response = await client.SendAsync(Request(route));
            if (response.StatusCode != status || !IsProblem(response)) wrong.Add($"{route.Key}: {(int)response.StatusCode}, expected {(int)status}");
            if (route.Expected == Expected.Terminal && (await api.Client.SendAsync(Request(route))).StatusCode != HttpStatusCode.Unauthorized)
                wrong.Add($"{route.Key}: an operator token passed for a terminal signature");
        }
        Assert.Empty(wrong);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task With_the_right_credential_every_endpoint_lets_the_request_through()
    {
        var till = await api.RegisterTerminalAsync();
        var wrong = new List<string>();
        foreach (var route in BearerRoutes())
        {
            var callers = route.Expected switch
            {
                Expected.Public => [(api.AnonymousClient, "anonymous")],
                Expected.Operator => [(api.Client, "operator")],
                Expected.Auditor => [(api.AuditorClient, "auditor")],
                Expected.OperatorOrAuditor => [(api.Client, "operator"), (api.AuditorClient, "auditor")],
                _ => new (HttpClient, string)[] { (api.AnonymousClient, "terminal") },
            };
            foreach (var (client, who) in callers)
            {
                var request = route.Expected == Expected.Terminal
                    ? api.Signed(till, route.Path, "{}", ApiFixture.Key(), route.Method)
                    : Request(route);
                var response = await client.SendAsync(request);
                // Past access control the request meets validation, a missing resource or an answer; never 401/403.
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500)
                    wrong.Add($"{route.Key} as {who}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
        Assert.Empty(wrong);
    }

    private static HttpRequestMessage Request(Route route)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path);
        if (route.Method is "POST" or "PUT" or "PATCH")
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (route.Method != "GET") request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        return request;
    }

    private static bool IsProblem(HttpResponseMessage response) => response.Content.Headers.ContentType?.MediaType == "application/problem+json";

    /// <summary>A path that matches the pattern: a fresh id for each {x:guid}, a stream kind, an account code, the OpenAPI document.</summary>
    private static string Concrete(string pattern) =>
        System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\w+)(:[^}]*)?\}", m => m.Groups[1].Value switch
        {
            "kind" => "wallet",
            "account" => "external:funding",
            "documentName" => "v1",
            _ => Guid.NewGuid().ToString(),
        });

    private async Task<(long Events, long Keys, long Reads)> CountsAsync()
    {
        var (events, keys) = await api.PersistedCountsAsync();
        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from ledger.audit_reads", conn);
        return (events, keys, (long)(await cmd.ExecuteScalarAsync())!);
    }
}
