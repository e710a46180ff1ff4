using System.Text.Json;

namespace Ledger.Terminal.Payments;

/// <summary>The JSON bodies of terminal requests, camelCase, absent fields left out, amounts as decimal strings.</summary>
public static class RequestBodies
{
    public static byte[] CodePayment(Guid terminalId, Amount amount, string paymentCode) => Write(w =>
    {
        w.WriteString("terminalId", terminalId);
        WriteAmount(w, amount);
        w.WriteString("paymentCode", paymentCode);
    });

    public static byte[] FacePayment(Guid terminalId, FacePayment p) => Write(w =>
    {
        w.WriteString("terminalId", terminalId);
        WriteAmount(w, p.Amount);
        w.WriteStartObject("customer");
        if (p.Customer.PhoneLastFour is { } lastFour) w.WriteString("phoneLastFour", lastFour);
        if (p.Customer.PhoneNumber is { } phone) w.WriteString("phoneNumber", phone);
        if (p.Customer.WalletId is { } wallet) w.WriteString("walletId", wallet);
        w.WriteEndObject();
        if (p.Pin is { } pin) w.WriteString("pin", pin);
        if (p.Image is { } image) w.WriteBase64String("image", image);
        if (p.Frames is { } frames)
        {
            w.WriteStartArray("frames");
            foreach (var frame in frames) w.WriteBase64StringValue(frame);
            w.WriteEndArray();
        }
        if (p.Template is { } template)
        {
            w.WriteStartObject("template");
            w.WriteString("modelId", template.ModelId);
            w.WriteStartArray("values");
            foreach (var v in template.Values) w.WriteNumberValue(v);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        if (p.Statement is { } statement) w.WriteBase64String("statement", statement);
    });

    public static byte[] CaptureChallenge(Guid terminalId, Amount amount) => Write(w =>
    {
        w.WriteString("terminalId", terminalId);
        WriteAmount(w, amount);
    });

    public static byte[] DeviceKeyChallenge(Guid terminalId) => Write(w => w.WriteString("terminalId", terminalId));

    public static byte[] DeviceKeyRegistration(Guid terminalId, Capture.DeviceKey key, string nonce, IReadOnlyList<byte[]>? attestation) => Write(w =>
    {
        w.WriteString("terminalId", terminalId);
        w.WriteString("algorithm", key.Algorithm);
        w.WriteBase64String("publicKey", key.PublicKey);
        w.WriteString("nonce", nonce);
        w.WriteBase64String("proof", key.Proof(terminalId, nonce));
        if (attestation is not null)
        {
            w.WriteStartArray("attestation");
            foreach (var certificate in attestation) w.WriteBase64StringValue(certificate);
            w.WriteEndArray();
        }
    });

    private static void WriteAmount(Utf8JsonWriter w, Amount amount)
    {
        w.WriteString("amount", amount.Text);
        w.WriteString("currency", amount.Currency);
    }

    private static byte[] Write(Action<Utf8JsonWriter> fields)
    {
        using var buffer = new MemoryStream();
        // '+' and '/' (phone numbers, base64) stay as they are: the body is JSON for the service, never HTML.
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            fields(w);
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
