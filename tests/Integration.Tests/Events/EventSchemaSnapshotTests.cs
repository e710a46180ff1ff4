using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.EventStore.EarlierVersions;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Events;

/// <summary>
/// A stored name means one JSON shape, forever: event-schemas.json pins the JSON schema of every name the store
/// writes or reads (today's names from EventTypeNames, earlier ones from EventUpcasters), as the store's own serializer
/// exports it. A changed record under an existing name fails here: give the new shape a new name (….v2) and the old name
/// an upcaster with fixtures of its stored JSON (EarlierEventShapesTests). A new name is pinned by running this test once
/// with LEDGER_PIN_NEW_EVENT_SCHEMAS=1, which adds new names and never rewrites a pinned one.
/// </summary>
[Collection(LedgerCollection.Name)]
public sealed class EventSchemaSnapshotTests(LedgerFixture ledger)
{
    [Fact]
    public void Every_stored_event_name_keeps_the_JSON_shape_it_was_pinned_with()
    {
        var current = CurrentSchemas();
        var path = Path.Combine(Directory(), "event-schemas.json");
        var pinned = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : new JsonObject();
        var added = current.Keys.Where(name => !pinned.ContainsKey(name)).ToList();
        if (added.Count > 0 && Environment.GetEnvironmentVariable("LEDGER_PIN_NEW_EVENT_SCHEMAS") == "1")
        {
            foreach (var name in added) pinned[name] = current[name].DeepClone();
            File.WriteAllText(path, new JsonObject(pinned.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            added.Clear();
        }

        var changed = pinned.Where(p => current.TryGetValue(p.Key, out var schema) && !JsonNode.DeepEquals(schema, p.Value))
            .Select(p => $"{p.Key} is now {current[p.Key].ToJsonString()}").ToList();
        var gone = pinned.Select(p => p.Key).Where(name => !current.ContainsKey(name)).ToList();
        Assert.True(changed.Count == 0,
            "A stored event's JSON shape changed under its old name. Give the new shape a new name and the old one an upcaster " +
            "(Infrastructure/EventStore/EarlierVersions), with fixtures of its stored JSON:\n" + string.Join('\n', changed));
        Assert.True(gone.Count == 0, "Stored names must stay readable forever; no longer mapped: " + string.Join(", ", gone));
        Assert.True(added.Count == 0, "New stored names, not pinned yet (run once with LEDGER_PIN_NEW_EVENT_SCHEMAS=1): " + string.Join(", ", added));
    }

    [Fact]
    public void The_snapshot_sees_a_field_added_in_place()
    {
        // The check itself: the shapes before and after expiresAt was added to credential_issued.v1 differ here.
        var options = StoreJsonOptions();
        Assert.False(JsonNode.DeepEquals(JsonSchemaExporter.GetJsonSchemaAsNode(options, typeof(CredentialIssuedBeforeExpiry)),
            JsonSchemaExporter.GetJsonSchemaAsNode(options, typeof(Domain.Access.CredentialIssued))));
    }

    private sealed record CredentialIssuedBeforeExpiry(Guid CredentialId, string Name, Domain.Access.Role Role, DateTimeOffset IssuedAt);

    private Dictionary<string, JsonNode> CurrentSchemas()
    {
        var options = StoreJsonOptions();
        var schemas = EventTypeNames.All.ToDictionary(p => p.Value, p => JsonSchemaExporter.GetJsonSchemaAsNode(options, p.Key));
        foreach (var (name, (stored, _)) in EventUpcasters.Earlier)
            schemas.Add(name, JsonSchemaExporter.GetJsonSchemaAsNode(options, stored));
        return schemas;
    }

    /// <summary>The options the store serializes events with (MartenSetup), not a copy of them written here.</summary>
    private JsonSerializerOptions StoreJsonOptions()
    {
        JsonSerializerOptions? options = null;
        ((Marten.Services.SystemTextJsonSerializer)ledger.Store.Options.Serializer()).Configure(o => options = o);
        return new JsonSerializerOptions(options!) { TypeInfoResolver = options!.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver() };
    }

    private static string Directory([CallerFilePath] string source = "") => Path.GetDirectoryName(source)!;
}
