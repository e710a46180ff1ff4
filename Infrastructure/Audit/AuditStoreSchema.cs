namespace Ledger.Infrastructure.Audit;

/// <summary>The PostgreSQL schema holding the events and the audit tables.</summary>
public sealed record AuditStoreSchema(string Name);
