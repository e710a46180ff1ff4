using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Ledger.Api.Tests.Deployment;

/// <summary>
/// docker/compose.yaml as compose reads it on a host where none of its variables is set: every <c>${NAME:-default}</c>
/// takes its default. Only what the deployment tests need: a service's environment, secrets, volumes, command and ports,
/// and the files behind the top-level secrets. Syntax the file does not use yet is refused, not guessed.
/// </summary>
internal sealed partial class ComposeFile
{
    private readonly YamlMappingNode _root;

    private ComposeFile(string path)
    {
        Path = path;
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        _root = (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public string Path { get; }

    public static ComposeFile Load(string path) => new(path);

    public ComposeService Service(string name)
    {
        var service = Mapping(Mapping(_root, "services"), name);
        return new ComposeService(
            Environment: Child(service, "environment") switch
            {
                null => new Dictionary<string, string>(),
                YamlMappingNode map => map.Children.ToDictionary(e => Scalar(e.Key), e => Interpolate(Scalar(e.Value))),
                var other => throw new NotSupportedException($"{name}.environment as {other.NodeType}: write it as a mapping"),
            },
            Secrets: Sequence(service, "secrets").Select(s => s is YamlMappingNode m
                ? new ComposeSecret(Scalar(Child(m, "source")!), Scalar(Child(m, "target") ?? Child(m, "source")!))
                : new ComposeSecret(Scalar(s), Scalar(s))).ToList(),
            Volumes: Sequence(service, "volumes").Select(v => Volume(Interpolate(Scalar(v)))).ToList(),
            Command: Sequence(service, "command").Select(c => Interpolate(Scalar(c))).ToList(),
            Ports: Sequence(service, "ports").Select(p => Interpolate(Scalar(p))).ToList());
    }

    /// <summary>The file a top-level secret is made from, relative to the compose file as compose resolves it.</summary>
    public string SecretFile(string name)
    {
        var file = Interpolate(Scalar(Child(Mapping(Mapping(_root, "secrets"), name), "file")
                                      ?? throw new NotSupportedException($"secret {name} is not made from a file")));
        return System.IO.Path.GetFullPath(file, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
    }

    private static ComposeVolume Volume(string shortSyntax)
    {
        var parts = shortSyntax.Split(':');
        return parts.Length is 2 or 3
            ? new ComposeVolume(parts[0], parts[1], parts.Length == 3 && parts[2] == "ro")
            : throw new NotSupportedException($"volume '{shortSyntax}': only SOURCE:TARGET[:MODE] is read here");
    }

    /// <summary>${NAME:-default} becomes its default, $$ a dollar; anything else with a dollar is refused.</summary>
    private static string Interpolate(string value)
    {
        var resolved = Variable().Replace(value, m => m.Groups["default"].Value).Replace("$$", "\u0000", StringComparison.Ordinal);
        if (resolved.Contains('$', StringComparison.Ordinal))
            throw new NotSupportedException($"'{value}': only ${{NAME:-default}} is interpolated here");
        return resolved.Replace('\u0000', '$');
    }

    [GeneratedRegex(@"(?<!\$)\$\{[A-Za-z_][A-Za-z0-9_]*:-(?<default>[^}]*)\}")]
    private static partial Regex Variable();

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static YamlMappingNode Mapping(YamlMappingNode map, string key) =>
        Child(map, key) as YamlMappingNode ?? throw new InvalidOperationException($"compose file: no mapping '{key}'");

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode map, string key) => Child(map, key) switch
    {
        null => [],
        YamlSequenceNode list => list.Children,
        var other => throw new NotSupportedException($"'{key}' as {other.NodeType}: write it as a list"),
    };

    private static string Scalar(YamlNode node) =>
        (node as YamlScalarNode)?.Value ?? throw new NotSupportedException($"expected a single value, found {node.NodeType}");
}

internal sealed record ComposeService(IReadOnlyDictionary<string, string> Environment, IReadOnlyList<ComposeSecret> Secrets,
    IReadOnlyList<ComposeVolume> Volumes, IReadOnlyList<string> Command, IReadOnlyList<string> Ports);

/// <summary>A secret as a service mounts it: at /run/secrets/TARGET.</summary>
internal sealed record ComposeSecret(string Source, string Target);

internal sealed record ComposeVolume(string Source, string Target, bool ReadOnly);
