using System.Net;
using Ledger.Api.Access;
using Ledger.Domain.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Access;

/// <summary>
/// An endpoint that says nothing about its callers stops the pipeline from being built (so the service
/// from starting), and if one slips in later it is refused to everybody.
/// </summary>
public sealed class UndeclaredEndpointTests
{
    private static RouteEndpoint Endpoint(string pattern, params object[] metadata) =>
        new(_ => Task.CompletedTask, RoutePatternFactory.Parse(pattern), 0, new EndpointMetadataCollection(metadata), pattern);

    [Fact]
    public void The_pipeline_is_not_built_while_an_endpoint_declares_no_access_or_two()
    {
        var endpoints = new DefaultEndpointDataSource(
            Endpoint("/v1/declared", new RolesAllowed([Role.Operator])),
            Endpoint("/v1/forgotten"),
            Endpoint("/v1/both", new PublicEndpoint(), new RolesAllowed([Role.Auditor])));

        var refused = Assert.Throws<InvalidOperationException>(() => new CredentialCheck(_ => Task.CompletedTask, endpoints));

        Assert.Contains("/v1/forgotten", refused.Message);
        Assert.Contains("/v1/both", refused.Message);
        Assert.DoesNotContain("/v1/declared", refused.Message);
    }

    [Fact]
    public async Task An_undeclared_endpoint_reached_at_run_time_is_refused_without_running()
    {
        var ran = false;
        var check = new CredentialCheck(_ => { ran = true; return Task.CompletedTask; }, new DefaultEndpointDataSource());
        var http = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
            Response = { Body = new MemoryStream() },
        };
        http.SetEndpoint(Endpoint("/v1/added-later"));

        await check.InvokeAsync(http);

        Assert.False(ran);
        Assert.Equal((int)HttpStatusCode.InternalServerError, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
    }
}
