using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;

namespace Ledger.Domain.Application;

/// <summary>Where a face payment is decided and recorded (<see cref="FacePayUseCases"/>).</summary>
public interface IFacePaymentLedger
{
    FacePayPolicy Policy { get; }

    /// <summary>The first answer to this key, when the terminal is retrying.</summary>
    Task<CommandResult<Payment>?> EarlierAnswerAsync(string requestHash, CommandContext context, CancellationToken ct);

    /// <param name="keepRenewed">Seals the renewed template (<see cref="PayByFace.Renewal"/>); enlisted only when the decision renewed it.</param>
    Task<CommandResult<Payment>> PayAsync(PayByFace command, string requestHash, CommandContext context, CancellationToken ct,
        Func<Wallets.Wallet, ISideWrite>? keepRenewed = null);
}
