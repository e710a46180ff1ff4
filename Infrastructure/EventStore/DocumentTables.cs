namespace Ledger.Infrastructure.EventStore;

/// <summary>
/// Marten's table of a document type, for SQL written by hand: its default name, the type's name in lower case after
/// <c>mt_doc_</c> (the store configures no other).
/// </summary>
internal static class DocumentTables
{
    public static string Name(Type document) => "mt_doc_" + document.Name.ToLowerInvariant();

    public static string Of(string schema, Type document) => $"{schema}.{Name(document)}";
}
