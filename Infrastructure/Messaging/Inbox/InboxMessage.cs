namespace Ledger.Infrastructure.Messaging.Inbox;

/// <summary>One delivered message as the inbox knows it: its id and its contract's name.</summary>
public readonly record struct InboxMessage(Guid Id, string Type);
