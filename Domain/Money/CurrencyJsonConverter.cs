using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Domain;

/// <summary>A currency travels as its ISO code ("EUR"); reading an unknown code fails instead of inventing one.</summary>
public sealed class CurrencyJsonConverter : JsonConverter<Currency>
{
    public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Currency.TryParse(reader.GetString(), out var currency)
            ? currency
            : throw new JsonException($"'{reader.GetString()}' is not a known ISO 4217 currency.");

    public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Code);
}
