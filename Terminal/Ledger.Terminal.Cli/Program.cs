using Ledger.Terminal.Cli;

return SignCommand.Run(args, Console.In, Console.Out, Console.Error);
