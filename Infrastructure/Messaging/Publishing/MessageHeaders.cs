namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>Headers the publisher adds so a consumer can trace a message back to the event store.</summary>
public static class MessageHeaders
{
    public const string SourceSequence = "Ledger-Source-Sequence";
    public const string SourceStream = "Ledger-Source-Stream";
}
