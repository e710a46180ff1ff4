using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>Operator and funding commands on wallets; each returns the wallet as it stands afterwards.</summary>
public sealed class WalletUseCases(CommandExecutor executor)
{
    public Task<CommandResult<Wallet>> HandleAsync(WalletCommand command, CommandContext context, CancellationToken ct) =>
        executor.ExecuteAsync(context, RequestHash.Of(command.GetType().Name, command with { Now = default }),
            new Prefetch().ForWriting<Wallet>(command.WalletId).OnlyEvents(),
            (session, token) => SingleStream.DecideAsync<Wallet, IWalletEvent>(session, command.WalletId,
                wallet => WalletDecider.Decide(command, wallet), WalletEvolution.Evolve, token), ct);
}
