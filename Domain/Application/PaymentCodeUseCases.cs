using System.Security.Cryptography;
using Ledger.Domain.Merchants;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>
/// Payment codes: a customer's device gets a credential (its key shown once, kept sealed), and a terminal is paid
/// with a code from it. The code's use, the payment and the wallet's debit commit together, so of two terminals
/// presenting the same code at once one wins and the other finds the step used.
/// </summary>
public sealed class PaymentCodeUseCases(CommandExecutor executor, IPaymentCredentialKeys keys, PaymentCodePolicy policy,
    TerminalAttemptPolicy? attempts = null)
{
    private readonly TerminalAttemptPolicy _attempts = attempts ?? TerminalAttemptPolicy.Default;

    public PaymentCodePolicy Policy => policy;

    /// <returns>The credential and its key; the key is null when the request was a retry (it was shown once).</returns>
    public async Task<(CommandResult<PaymentCredential> Result, byte[]? Key)> RegisterAsync(Guid walletId, CommandContext context, CancellationToken ct)
    {
        var credential = PaymentCredentialId.NewRandom();
        var key = RandomNumberGenerator.GetBytes(PaymentCodeGenerator.KeyBytes);
        var command = new RegisterPaymentCredential(credential, walletId, context.Now);
        var result = await executor.ExecuteAsync(context, RequestHash.Of(nameof(RegisterPaymentCredential), new { walletId }),
            new Prefetch().Read<Wallet>(walletId),
            async (session, token) =>
            {
                var wallet = await session.ReadAsync<Wallet>(walletId, token);
                var events = PaymentCredentialDecider.Decide(command, null, policy, wallet);
                session.Append<PaymentCredential>(credential.StreamId, events.Cast<object>().ToArray());
                session.Enlist(keys.Store(credential.StreamId, walletId, key, context.Now));
                return events.Aggregate((PaymentCredential?)null, PaymentCredentialDecider.Evolve)!;
            }, ct);
        if (!result.Replayed) return (result, key);
        CryptographicOperations.ZeroMemory(key);
        return (result, null);
    }

    /// <param name="terminalMerchant">
    /// The terminal's merchant as the caller found it when it authenticated the terminal, read in the payment's first round
    /// trip; only a hint: the decision reads the merchant the terminal's own document names.
    /// </param>
    public async Task<CommandResult<Payment>> PayAsync(PayByCode command, CommandContext context, CancellationToken ct,
        Guid? terminalMerchant = null)
    {
        var credentialId = command.Code.Credential.StreamId;
        var found = await keys.KeyAsync(credentialId, ct);
        var key = found?.Key;
        // Everything the decision will read, in one round trip: the wallet recorded beside the key and the terminal's
        // merchant are hints (a load they miss still works, one by one). The payment only appends events (the key was
        // read before), so a store that groups commits may decide it with others and write them together; the credential
        // as read with its key spares that store the credential's read, its version checked when written.
        var plan = new Prefetch().ForWriting(credentialId, found?.Credential).ForWriting<Terminal>(command.TerminalId);
        if (found is not null) plan.ForWriting<Wallet>(found.WalletId);
        if (terminalMerchant is { } merchantId) plan.Read<Merchant>(merchantId);
        plan.OnlyEvents();
        try
        {
            return await executor.ExecuteAsync(context,
                RequestHash.Of(nameof(PayByCode), new { command.TerminalId, command.Amount, code = command.Code.ToString() }),
                plan,
                async (session, token) =>
                {
                    var credential = key is null ? null : await session.LoadForWritingAsync<PaymentCredential>(credentialId, token);
                    PaymentCodeAttempt attempt = credential is null || key is null
                        ? new RecordCodeFailure(credentialId, command.PaymentId, command.TerminalId, command.Amount, false, command.Now)
                        : PaymentCodeVerifier.Attempt(key, command.Code, credential, policy, command.PaymentId, command.TerminalId,
                            command.Amount, stepUpPassed: false, command.Now);
                    var code = PaymentCodeDecider.Decide(attempt, credential, policy);
                    var wallet = code.WalletId is { } walletId ? await session.LoadForWritingAsync<Wallet>(walletId, token) : null;
                    var terminal = await session.LoadForWritingAsync<Terminal>(command.TerminalId, token);
                    var merchant = terminal is null ? null : await session.ReadAsync<Merchant>(terminal.MerchantId, token);
                    var outcome = PayByCodeDecider.Decide(command, code, policy, wallet, terminal, merchant);

                    session.Append<Payment>(command.PaymentId, outcome.Payment.PaymentEvents.Cast<object>().ToArray());
                    if (wallet is not null) session.Append<Wallet>(wallet.Id, outcome.Payment.WalletEvents.Cast<object>().ToArray());
                    // Appending nothing still checks the credential's version: the decision read its last used step.
                    if (credential is not null) session.Append<PaymentCredential>(credentialId, outcome.CredentialEvents.Cast<object>().ToArray());
                    TerminalAttemptWrites.Append(session, terminal!, command.PaymentId, outcome.Payment.PaymentEvents, _attempts, command.Now);
                    return outcome.Payment.PaymentEvents.Aggregate((Payment?)null, PaymentDecider.Evolve)!;
                }, PaymentUseCases.AnsweredByPayment, ct);
        }
        finally
        {
            if (key is not null) CryptographicOperations.ZeroMemory(key);
        }
    }
}
