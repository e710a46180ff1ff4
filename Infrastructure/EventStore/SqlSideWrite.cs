using Marten;

namespace Ledger.Infrastructure.EventStore;

/// <summary>Statements queued on the command's Marten session, so they commit with its events.</summary>
public sealed class SqlSideWrite(params (string Text, object[] Parameters)[] statements) : IMartenSideWrite
{
    public void WriteTo(IDocumentSession session)
    {
        foreach (var (text, parameters) in statements)
            session.QueueSqlCommand(text, parameters);
    }
}
