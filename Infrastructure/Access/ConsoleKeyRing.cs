using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace Ledger.Infrastructure.Access;

/// <summary>
/// The console's Data Protection key ring in PostgreSQL (<see cref="ConsoleSchema.DataProtectionKeys"/>), shared by every
/// API process on the database: an antiforgery token one process put in a form is opened by whichever process the
/// form is posted to, and after a restart. Data Protection hands each key's secret to <see cref="SealedXmlEncryptor"/>
/// before it reaches this store, so a row holds it sealed under the master key, never in clear.
/// Synchronous because <see cref="IXmlRepository"/> is; Data Protection calls it only when it (re)loads or adds a key.
/// </summary>
public sealed class ConsoleKeyRing(NpgsqlDataSource dataSource, string schema) : IXmlRepository
{
    private string Table => $"{schema}.{ConsoleSchema.DataProtectionKeys}";

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var cmd = dataSource.CreateCommand($"select xml from {Table} order by element_id");
        using var reader = cmd.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var cmd = dataSource.CreateCommand($"insert into {Table} (friendly_name, xml) values ($1, $2)");
        cmd.Parameters.Add(new NpgsqlParameter { Value = friendlyName });
        cmd.Parameters.Add(new NpgsqlParameter { Value = element.ToString(SaveOptions.DisableFormatting) });
        cmd.ExecuteNonQuery();
    }
}
