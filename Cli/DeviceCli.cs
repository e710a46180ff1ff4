using System.Buffers.Text;
using System.CommandLine;
using Ledger.Domain.PaymentCodes;

namespace Ledger.Cli;

/// <summary>
/// <c>ledger device code</c>: what a customer's phone does with its payment credential, so that the tour, the tests
/// and the benchmarks pay with real codes. It needs no service: the code comes from the key and the clock alone.
/// </summary>
internal static class DeviceCli
{
    public static Command Build(CliContext cli)
    {
        var credential = new Option<string>("--credential") { Description = "the credential number (12 digits) the service issued", HelpName = "NUMBER", Required = true };
        var keyFile = new Option<FileInfo>("--key-file") { Description = "a file holding the credential's key (base64url), as issued", HelpName = "FILE", Required = true };
        var at = new Option<DateTimeOffset?>("--at") { Description = "the time of the code (default: now)", HelpName = "TIME" };
        var digits = new Option<int>("--digits") { Description = "code length the credential was issued with", DefaultValueFactory = _ => PaymentCodePolicy.Default.Digits };
        var step = new Option<int>("--step") { Description = "seconds per code the credential was issued with", DefaultValueFactory = _ => PaymentCodePolicy.Default.StepSeconds };
        var code = new Command("code", "Print the payment code a customer's device would show now (or at --at).") { credential, keyFile, at, digits, step };
        code.SetAction(async parse =>
        {
            if (!long.TryParse(parse.GetValue(credential), out var number) || parse.GetValue(credential)!.Length != PaymentCredentialId.Length)
                throw new CommandRefused($"--credential must be the {PaymentCredentialId.Length}-digit number the service issued.");
            var file = parse.GetValue(keyFile)!;
            byte[] key;
            try { key = Base64Url.DecodeFromChars(File.ReadAllText(file.FullName).Trim()); }
            catch (FormatException) { throw new CommandRefused($"{file.Name} does not hold a base64url key."); }
            if (key.Length != PaymentCodeGenerator.KeyBytes)
                throw new CommandRefused($"{file.Name} holds {key.Length} bytes; a payment credential key has {PaymentCodeGenerator.KeyBytes}.");
            var when = parse.GetValue(at) ?? DateTimeOffset.UtcNow;
            var otp = PaymentCodeGenerator.CodeAt(key, when, parse.GetValue(digits), parse.GetValue(step));
            await cli.Out.WriteLineAsync(PaymentCode.Of(new PaymentCredentialId(number), otp).ToString());
            return 0;
        });
        return new Command("device", "A customer's device, for tours and tests.") { code };
    }
}
