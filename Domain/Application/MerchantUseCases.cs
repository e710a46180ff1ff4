using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;

namespace Ledger.Domain.Application;

public sealed class MerchantUseCases(CommandExecutor executor)
{
    public Task<CommandResult<Merchant>> HandleAsync(MerchantCommand command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context, RequestHash.Of(command.GetType().Name, command with { Now = default }),
            (session, token) => SingleStream.DecideAsync<Merchant, IMerchantEvent>(session, command.MerchantId,
                merchant => MerchantDecider.Decide(command, merchant), MerchantDecider.Evolve, token), ct);

    public Task<CommandResult<Terminal>> HandleAsync(TerminalCommand command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context, RequestHash.Of(command.GetType().Name, command with { Now = default }),
            async (session, token) =>
            {
                var merchant = command is RegisterTerminal register
                    ? await session.ReadAsync<Merchant>(register.MerchantId, token)
                    : null;
                return await SingleStream.DecideAsync<Terminal, ITerminalEvent>(session, command.TerminalId,
                    terminal => TerminalDecider.Decide(command, terminal, merchant), TerminalDecider.Evolve, token);
            }, ct);
}
