using System.Text;
using System.Xml.Linq;
using Ledger.Infrastructure.Terminals;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Infrastructure.Access;

/// <summary>
/// Seals the secret part of each Data Protection key (its <c>descriptor</c>, which holds the key material) under the
/// master key (<c>Ledger:MasterKey</c>, AES-256-GCM by <see cref="SecretSealer"/>), as terminal keys and payment
/// credentials are sealed: a copy of the database without the master key cannot forge or open the console's
/// antiforgery tokens.
/// </summary>
public sealed class SealedXmlEncryptor(SecretSealer sealer) : IXmlEncryptor
{
    /// <summary>The associated data of every sealed key: a secret sealed for another purpose does not open as one.</summary>
    internal const string Purpose = "console data protection key";

    internal static readonly XName Sealed = "sealedSecret";

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(Sealed, new XComment(" AES-256-GCM under Ledger:MasterKey "), Convert.ToBase64String(sealer.Seal(Purpose, plain)));
        return new EncryptedXmlInfo(element, typeof(SealedXmlDecryptor));
    }
}

/// <summary>
/// Opens what <see cref="SealedXmlEncryptor"/> sealed. Data Protection creates it by the type name stored with each key,
/// through a constructor taking the service provider, and it takes the master key's sealer from there.
/// </summary>
public sealed class SealedXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    private readonly SecretSealer _sealer = services.GetRequiredService<SecretSealer>();

    /// <exception cref="System.Security.Cryptography.CryptographicException">Sealed under another master key, or altered.</exception>
    public XElement Decrypt(XElement encryptedElement)
    {
        if (encryptedElement.Name != SealedXmlEncryptor.Sealed)
            throw new InvalidOperationException($"A sealed key secret is a <{SealedXmlEncryptor.Sealed}> element, not <{encryptedElement.Name}>.");
        var plain = _sealer.Open(SealedXmlEncryptor.Purpose, Convert.FromBase64String(encryptedElement.Value));
        return XElement.Parse(Encoding.UTF8.GetString(plain));
    }
}
