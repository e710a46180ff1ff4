using System.Security.Cryptography;
using System.Xml.Linq;
using Ledger.Api.WebConsole;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Terminals;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>
/// The antiforgery tokens' key ring in PostgreSQL as the service configures it (<see cref="ConsoleServices.AddConsoleKeyRing"/>):
/// what one process protects another opens; without the master key the stored keys open nothing; an altered one neither.
/// </summary>
public sealed class ConsoleKeyRingTests(ConsoleSessionsTests.SessionDatabase database) : IClassFixture<ConsoleSessionsTests.SessionDatabase>
{
    private static readonly byte[] MasterKey = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public async Task What_one_process_protects_another_opens_and_one_without_the_master_key_cannot()
    {
        await using var first = Process(MasterKey);
        await using var second = Process(MasterKey);
        await using var thief = Process(RandomNumberGenerator.GetBytes(32));
        var token = Protector(first).Protect("a form's antiforgery token");

        Assert.Equal("a form's antiforgery token", Protector(second).Unprotect(token));
        Assert.ThrowsAny<CryptographicException>(() => Protector(thief).Unprotect(token));
        var stored = await database.ScalarAsync<string>("select string_agg(xml, '') from ledger.console_data_protection_keys");
        Assert.DoesNotContain("masterKey", stored);
        Assert.Contains("SealedXmlDecryptor", stored);
    }

    [Fact]
    public void A_sealed_key_secret_opens_only_unaltered_and_under_its_master_key()
    {
        var secret = new XElement("masterKey", new XElement("value", Convert.ToBase64String(RandomNumberGenerator.GetBytes(64))));
        var sealedInfo = new SealedXmlEncryptor(new SecretSealer(MasterKey)).Encrypt(secret);
        Assert.DoesNotContain(secret.Value, sealedInfo.EncryptedElement.ToString());
        using var services = new ServiceCollection().AddSingleton(new SecretSealer(MasterKey)).BuildServiceProvider();
        Assert.Equal(secret.ToString(), new SealedXmlDecryptor(services).Decrypt(sealedInfo.EncryptedElement).ToString());

        var altered = new XElement(sealedInfo.EncryptedElement);
        var bytes = Convert.FromBase64String(altered.Value);
        bytes[^1] ^= 1;
        altered.Value = Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => new SealedXmlDecryptor(services).Decrypt(altered));
        using var other = new ServiceCollection().AddSingleton(new SecretSealer(RandomNumberGenerator.GetBytes(32))).BuildServiceProvider();
        Assert.ThrowsAny<CryptographicException>(() => new SealedXmlDecryptor(other).Decrypt(sealedInfo.EncryptedElement));
    }

    /// <summary>A process's services as far as the key ring goes: the runtime role's pool, its master key, Data Protection.</summary>
    private ServiceProvider Process(byte[] masterKey) => new ServiceCollection()
        .AddLogging()
        .AddSingleton(_ => NpgsqlDataSource.Create(database.RuntimeConnectionString))
        .AddSingleton(new SecretSealer(masterKey))
        .AddConsoleKeyRing()
        .BuildServiceProvider();

    private static IDataProtector Protector(IServiceProvider process) =>
        process.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
}
