using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Payments;

/// <summary>
/// A merchant with a real terminal key wants money from customers: it may name wallets, replay codes it has seen,
/// guess codes, or present one code at several tills at once. Only the customer's own code moves money, once.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class PaymentCodeAttackTests(ApiFixture api)
{
    [Fact]
    public async Task Attack_a_terminal_naming_a_wallet_id_is_refused_and_nothing_is_written()
    {
        var till = await api.RegisterTerminalAsync();
        var victim = await TerminalPayments.FundedWalletAsync(api);
        var before = await api.PersistedCountsAsync();

        var byId = await api.PostSignedAsync(till, "/v1/payments", new { walletId = victim, terminalId = till.TerminalId, amount = "5.00", currency = "EUR" }, ApiFixture.Key());

        await TerminalPayments.AssertProblemAsync(byId, HttpStatusCode.BadRequest);
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal("100.00", await BalanceAsync(victim));
    }

    [Fact]
    public async Task The_code_of_the_previous_step_pays_but_two_steps_back_and_one_ahead_do_not()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var step = api.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;

        Assert.Equal("declined", (await PayAsync(till, await OtpAsync(wallet, step + 1), "1.00")).Status);
        Assert.Equal("declined", (await PayAsync(till, await OtpAsync(wallet, step - 2), "1.00")).Status);
        Assert.Equal("authorized", (await PayAsync(till, await OtpAsync(wallet, step - 1), "1.00")).Status);
        Assert.Equal("99.00", await BalanceAsync(wallet));
    }

    [Fact]
    public async Task Attack_a_code_replayed_after_it_paid_is_declined()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());

        Assert.Equal(("authorized", (string?)null), await PayAsync(till, code, "2.00"));
        Assert.Equal(("declined", "payment_code_invalid"), await PayAsync(till, code, "2.00"));
        Assert.Equal("98.00", await BalanceAsync(wallet));
    }

    [Fact]
    public async Task Attack_one_code_presented_twenty_times_at_once_pays_exactly_once()
    {
        // Five tills, four presentations each: under the attempt limit of a till (5 failures a minute), so every
        // refusal here is the replay rule's.
        var tills = new List<TerminalCredential>();
        for (var i = 0; i < 5; i++) tills.Add(await api.RegisterTerminalAsync());
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => PayAsync(tills[i % tills.Count], code, "3.00")));

        Assert.Single(answers, a => a.Status == "authorized");
        Assert.All(answers.Where(a => a.Status != "authorized"), a => Assert.Equal(("declined", "payment_code_invalid"), a));
        Assert.Equal("97.00", await BalanceAsync(wallet));
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", wallet));
    }

    [Fact]
    public async Task Attack_an_unknown_credential_and_a_wrong_code_get_the_same_answer()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        var right = phone.Otp(api.Clock.GetUtcNow().ToUnixTimeSeconds() / 30);
        var wrong = phone.Show(((int.Parse(right) + 1) % 100_000_000).ToString("D8"));
        var stranger = new CustomerDevice(Random.Shared.NextInt64(100_000_000_000, 999_999_999_999).ToString(), phone.Key).CodeAt(api.Clock.GetUtcNow());

        var answers = new List<(int, string)>();
        foreach (var code in new[] { wrong, stranger })
        {
            var response = await api.PostSignedAsync(till, "/v1/payments", Body(till, code, "4.00"), ApiFixture.Key());
            answers.Add(((int)response.StatusCode, TerminalAnswers.WithoutIds(await response.Content.ReadAsStringAsync())));
        }

        Assert.Equal(answers[0], answers[1]);
        Assert.Contains("payment_code_invalid", answers[0].Item2);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_credential_until_the_cool_down_has_passed()
    {
        // Guesses from two tills, so that the tills' own attempt limit (5 a minute) does not stop them first.
        TerminalCredential[] tills = [await api.RegisterTerminalAsync(), await api.RegisterTerminalAsync()];
        var till = tills[0];
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        try
        {
            var step = api.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
            var right = phone.Otp(step);
            for (var guess = 1; guess <= 5; guess++)
                Assert.Equal("declined", (await PayAsync(tills[guess % 2], phone.Show(((int.Parse(right) + guess) % 100_000_000).ToString("D8")), "1.00")).Status);

            // Locked: even the customer's own code is declined, and the terminal cannot tell why.
            Assert.Equal(("declined", "payment_code_invalid"), await PayAsync(till, phone.Show(right), "1.00"));

            api.Clock.Offset = TimeSpan.FromMinutes(31);
            Assert.Equal(("authorized", (string?)null), await PayAsync(till, phone.CodeAt(api.Clock.GetUtcNow()), "1.00"));
        }
        finally
        {
            api.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task Above_the_code_ceiling_a_code_alone_does_not_pay_and_stays_usable()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());

        Assert.Equal(("declined", "step_up_required"), await PayAsync(till, code, "50.01"));
        Assert.Equal(("authorized", (string?)null), await PayAsync(till, code, "50.00"));
        Assert.Equal("50.00", await BalanceAsync(wallet));
    }

    private async Task<string> OtpAsync(Guid wallet, long step)
    {
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        return phone.Show(phone.Otp(step));
    }

    [Fact]
    public async Task Attack_the_wallet_recorded_beside_a_key_rewritten_to_another_wallet_still_debits_the_credential_s_own()
    {
        // The wallet stored with the sealed key only tells the payment what to load in its first round trip: the decision
        // takes the wallet the credential's stream names, so whoever rewrites that column gains nothing.
        var till = await api.RegisterTerminalAsync();
        var owner = await TerminalPayments.FundedWalletAsync(api);
        var other = await TerminalPayments.FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, owner);
        var credential = new Ledger.Domain.PaymentCodes.PaymentCredentialId(long.Parse(phone.Credential, System.Globalization.CultureInfo.InvariantCulture)).StreamId;
        Assert.Equal(1, await api.ScalarAsync<int>(
            $"update ledger.payment_credential_keys set wallet_id = '{other}' where credential_id = @id returning 1", credential));

        Assert.Equal(("authorized", (string?)null), await PayAsync(till, phone.CodeAt(api.Clock.GetUtcNow()), "4.00"));

        Assert.Equal("96.00", await BalanceAsync(owner));
        Assert.Equal("100.00", await BalanceAsync(other));
    }

    [Fact]
    public async Task Attack_a_merchant_hint_naming_an_active_merchant_does_not_let_a_suspended_merchant_s_terminal_take_a_payment()
    {
        // The signature check hands the payment the merchant it read, to load with the rest; the decision reads the
        // terminal's own merchant. Here the hint is wrong on purpose (as if the merchant was suspended in between).
        var till = await api.RegisterTerminalAsync();
        var bystander = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        var codes = api.Services.GetRequiredService<Ledger.Domain.Application.PaymentCodeUseCases>();
        Ledger.Domain.PaymentCodes.PayByCode Command() => new(Guid.NewGuid(), Ledger.Domain.PaymentCodes.PaymentCode.Parse(phone.CodeAt(api.Clock.GetUtcNow())),
            till.TerminalId, new Ledger.Domain.Money(100, Ledger.Domain.Currency.Of("EUR")), api.Clock.GetUtcNow());
        Ledger.Domain.Application.CommandContext Context() => new(Ledger.Domain.Application.Actor.Terminal(till.TerminalId),
            $"test/{Guid.NewGuid():N}", Guid.NewGuid().ToString("N"), null, "test", api.Clock.GetUtcNow());
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/merchants/{till.MerchantId}/suspend", new { reason = "audit" }, ApiFixture.Key())).StatusCode);

        var refused = await Assert.ThrowsAsync<Ledger.Domain.DomainRuleViolation>(() => codes.PayAsync(Command(), Context(), default, bystander.MerchantId));
        Assert.Equal(Ledger.Domain.RuleCodes.MerchantNotActive, refused.Code);
        Assert.Equal("100.00", await BalanceAsync(wallet));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/merchants/{till.MerchantId}/reinstate", null, ApiFixture.Key())).StatusCode);
        var paid = await codes.PayAsync(Command(), Context(), default, bystander.MerchantId);
        Assert.Equal(Ledger.Domain.Payments.PaymentStatus.Authorized, paid.Outcome.Status);
        Assert.Equal(till.MerchantId, paid.Outcome.MerchantId);
        Assert.Equal("99.00", await BalanceAsync(wallet));
    }

    private static object Body(TerminalCredential till, string code, string amount) =>
        new { terminalId = till.TerminalId, amount, currency = "EUR", paymentCode = code };

    private async Task<(string Status, string? Reason)> PayAsync(TerminalCredential till, string code, string amount)
    {
        var response = await api.PostSignedAsync(till, "/v1/payments", Body(till, code, amount), ApiFixture.Key());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var body = JsonDocument.Parse(text).RootElement;
        return (body.GetProperty("status").GetString()!, body.GetProperty("reason").GetString());
    }

    private async Task<string> BalanceAsync(Guid wallet) =>
        (await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{wallet}")).GetProperty("balance").GetProperty("amount").GetString()!;
}
