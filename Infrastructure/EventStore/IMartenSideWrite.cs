using Ledger.Domain.Application;
using Marten;

namespace Ledger.Infrastructure.EventStore;

/// <summary>A side write that queues its SQL on the Marten session, so it commits with the events.</summary>
public interface IMartenSideWrite : ISideWrite
{
    void WriteTo(IDocumentSession session);
}
