using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Npgsql;

namespace Ledger.Api.Tests.Deployment;

/// <summary>
/// One host of docker/compose.yaml rebuilt on this machine: each service's environment as compose would give it, with
/// only the places changed: the volumes and /run/secrets become folders under <see cref="Root"/> (the secret files
/// made by docker/secrets.sh, as docker/README.md says), the <c>postgres</c> and <c>rabbitmq</c> hosts become the local
/// servers (a database of the test's own, the compose file's users and passwords, which set-up gives the local cluster
/// too), and the <c>models</c> volume is the model pack set-up made. The one setting added is a broker prefix of the test's own, so that other tests' queues are not shared.
/// </summary>
internal sealed class ComposedHost : IAsyncDisposable
{
    private readonly Dictionary<string, string> _mounts = new(StringComparer.Ordinal);

    private ComposedHost(ComposeFile compose, TestDatabase database, string root, string prefix)
    {
        (Compose, Database, Root, Prefix) = (compose, database, root, prefix);
        SecretsMade = System.IO.Path.Combine(root, "made-secrets");
    }

    public ComposeFile Compose { get; }

    public TestDatabase Database { get; }

    /// <summary>A folder of the test's own holding the volumes and secrets.</summary>
    public string Root { get; }

    public string Prefix { get; }

    /// <summary>Where docker/secrets.sh wrote the secret files (the compose file's <c>./secrets</c>).</summary>
    public string SecretsMade { get; }

    /// <summary>A database and a folder of the test's own, and the secret files made as docker/README.md says.</summary>
    public static async Task<ComposedHost> CreateAsync()
    {
        var database = await TestDatabase.CreateAsync("ledger_compose");
        var compose = ComposeFile.Load(System.IO.Path.Combine(RepositoryRoot.Path, "docker", "compose.yaml"));
        var root = Directory.CreateTempSubdirectory("ledger-compose-").FullName;
        var host = new ComposedHost(compose, database, root, ServiceProcess.NewEntityPrefix());
        var made = await ChildProcess.RunAsync("bash", [System.IO.Path.Combine(RepositoryRoot.Path, "docker", "secrets.sh"), host.SecretsMade],
            RepositoryRoot.Path, Exactly(ServiceProcess.ToolEnvironment()), inherit: false);
        if (made.Code == 0) return host;
        await host.DisposeAsync();
        throw new InvalidOperationException($"docker/secrets.sh failed:\n{made.Out}{made.Err}");
    }

    /// <summary>The service's environment with its volumes and secrets in place: what its process is started with.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service)
    {
        var definition = Compose.Service(service);
        foreach (var volume in definition.Volumes)
            _mounts[volume.Target] = volume.Source == "models" ? ModelPack : Folder(volume.Source);
        if (definition.Secrets.Count > 0)
        {
            var secrets = Folder($"{service}-secrets");
            foreach (var secret in definition.Secrets)
                File.Copy(System.IO.Path.Combine(SecretsMade, System.IO.Path.GetFileName(Compose.SecretFile(secret.Source))),
                    System.IO.Path.Combine(secrets, secret.Target));
            _mounts["/run/secrets"] = secrets;
        }
        var environment = definition.Environment.ToDictionary(e => e.Key, e => Localise(e.Key, e.Value));
        // What the image's own folders are (docker/Dockerfile makes them, 0700, for its user): the key store refuses others.
        foreach (var path in environment.Values.Where(v => _mounts.Values.Any(m => v.StartsWith(m + "/", StringComparison.Ordinal))))
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        environment["Messaging__EntityPrefix"] = Prefix;
        return environment;
    }

    /// <summary>A file compose mounts as a secret, as the service would read it.</summary>
    public string Secret(string target) => File.ReadAllText(System.IO.Path.Combine(_mounts["/run/secrets"], target)).Trim();

    /// <summary>
    /// What the API image runs: the API as <c>dotnet publish</c> made it (scripts/test.sh publishes the Release build to
    /// LEDGER_PUBLISHED_API), else the test's own build of it (a run of this project's tests alone).
    /// </summary>
    public static string ServiceDll =>
        System.Environment.GetEnvironmentVariable("LEDGER_PUBLISHED_API") is { Length: > 0 } published
            ? System.IO.Path.Combine(published, "Ledger.Api.dll") : ServiceProcess.ServiceDll;

    /// <summary>
    /// What the tool image runs (compose's <c>migrate</c>): the <c>ledger</c> tool as <c>dotnet publish</c> made it
    /// (LEDGER_PUBLISHED_TOOL, by scripts/test.sh), else the test's own build of it.
    /// </summary>
    public static string ToolDll =>
        System.Environment.GetEnvironmentVariable("LEDGER_PUBLISHED_TOOL") is { Length: > 0 } published
            ? System.IO.Path.Combine(published, "ledger.dll") : Docs.LedgerProcess.ToolDll;

    /// <summary>Runs the API image's executable to its end (a service refusing to start) with <paramref name="environment"/> only.</summary>
    public static Task<(int Code, string Output)> RunServiceAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        RunToEndAsync(ServiceDll, arguments, environment);

    /// <summary>Runs the tool image's executable to its end (a one-shot service such as migrate) with <paramref name="environment"/> only.</summary>
    public static Task<(int Code, string Output)> RunToolAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        RunToEndAsync(ToolDll, arguments, environment);

    private static async Task<(int Code, string Output)> RunToEndAsync(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var (code, stdout, stderr) = await ChildProcess.RunAsync("dotnet", [dll, .. arguments], System.IO.Path.GetDirectoryName(dll)!,
            Exactly(ServiceProcess.ToolEnvironment().Concat(environment)), inherit: false);
        return (code, stdout + stderr);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Exactly(IEnumerable<KeyValuePair<string, string>> environment) =>
        environment.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value));

    private static string ModelPack => System.Environment.GetEnvironmentVariable("Vision__ModelPack") is { Length: > 0 } pack ? pack : Faces.ModelPack;

    private string Folder(string name)
    {
        var path = System.IO.Path.Combine(Root, name);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private string Localise(string name, string value)
    {
        if (name.StartsWith("ConnectionStrings__", StringComparison.Ordinal) && value.Contains("Host=postgres", StringComparison.Ordinal))
        {
            var local = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
            return new NpgsqlConnectionStringBuilder(value) { Host = local.Host, Port = local.Port, Database = local.Database }.ConnectionString;
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == "amqp" && uri.Host == "rabbitmq")
            return Broker.Uri.ToString(); // the local broker's own user: compose's is made by the rabbitmq image
        var mount = _mounts.Keys.OrderByDescending(k => k.Length)
            .FirstOrDefault(k => value == k || value.StartsWith(k + "/", StringComparison.Ordinal));
        return mount is null ? value : _mounts[mount] + value[mount.Length..];
    }

    /// <summary>Removes the folder and the database (a service process started on them may have removed them already).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        await Database.DisposeAsync();
    }
}
