using Ledger.Infrastructure.Secrets;
using Microsoft.Extensions.Configuration;

namespace Ledger.Api.Tests.Deployment;

/// <summary>Ledger:SecretsDirectory: one file per setting, named as its environment variable, as /run/secrets is.</summary>
public sealed class SecretFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ledger-secrets-").FullName;

    [Fact]
    public void Each_file_sets_the_setting_its_name_spells_without_the_newline_an_editor_or_openssl_leaves()
    {
        Write("Ledger__MasterKey", "a2V5\n");
        Write("ConnectionStrings__Ledger", "Host=db;Database=ledger\n");

        var configuration = Build(_ => null);

        Assert.Equal("a2V5", configuration["Ledger:MasterKey"]);
        Assert.Equal("Host=db;Database=ledger", configuration.GetConnectionString("Ledger"));
    }

    [Fact]
    public void A_setting_given_by_the_environment_and_by_a_file_is_ambiguous_and_refused_naming_both()
    {
        Write("Ledger__MasterKey", "a2V5\n");

        var refused = Assert.Throws<SecretFilesRefused>(() => Build(name => name == "Ledger__MasterKey" ? "b3RoZXI=" : null));

        Assert.Contains("Ledger:MasterKey is given twice", refused.Message);
        Assert.Contains(Path.Combine(_directory, "Ledger__MasterKey"), refused.Message);
    }

    [Fact]
    public void An_empty_secret_file_is_refused_rather_than_setting_nothing()
    {
        Write("Ledger__Credentials__Operator", "\n");

        var refused = Assert.Throws<SecretFilesRefused>(() => Build(_ => null));

        Assert.Contains("would set Ledger:Credentials:Operator to nothing", refused.Message);
    }

    [Fact]
    public void A_secrets_directory_that_is_not_there_is_refused()
    {
        var missing = Path.Combine(_directory, "not-mounted");

        var refused = Assert.Throws<SecretFilesRefused>(() => new ConfigurationBuilder().AddSecretFiles(missing, _ => null));

        Assert.Equal($"Ledger:SecretsDirectory is {missing}, which is not a directory.", refused.Message);
    }

    [Fact]
    public void Without_a_secrets_directory_nothing_is_read()
    {
        Write("Ledger__MasterKey", "a2V5\n");

        var configuration = new ConfigurationBuilder().AddSecretFiles(null, _ => null).Build();

        Assert.Null(configuration["Ledger:MasterKey"]);
    }

    private IConfigurationRoot Build(Func<string, string?> environment) =>
        new ConfigurationBuilder().AddSecretFiles(_directory, environment).Build();

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_directory, name), content);

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
