namespace Ledger.Api.Contract;

/// <summary>
/// An RFC 9457 problem as this service writes it (<c>application/problem+json</c>): <see cref="Type"/> is a stable
/// <c>urn:ledger:problem:{code}</c> to branch on; <see cref="Errors"/> names the fields of a 400 <c>validation</c>,
/// <c>malformed-json</c>, <c>duplicate-key</c> or <c>ambiguous-form</c>. Used only to describe the answer in the contract.
/// </summary>
public sealed record ProblemResponse(string Type, string Title, int Status, string? Detail, string? Instance, string? TraceId,
    IDictionary<string, string[]>? Errors);
