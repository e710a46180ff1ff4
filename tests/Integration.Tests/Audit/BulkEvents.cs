namespace Ledger.Integration.Tests.Audit;

/// <summary>
/// Bulk history written straight into the log with SQL, for measurements: wallets in streams of ten
/// events (opened, consent, eight top-ups). Nothing projects them inline; the chain and the rebuilds
/// only read the log, so they do not care how the events got there.
/// </summary>
internal static class BulkEvents
{
    /// <summary>The number of events to measure with: LEDGER_AUDIT_BULK_EVENTS, else <paramref name="fallback"/>.</summary>
    public static int Count(int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable("LEDGER_AUDIT_BULK_EVENTS"), out var n) && n > 0 ? n : fallback;

    public static async Task InsertWalletsAsync(AuditedLedger ledger, int events)
    {
        var wallets = Math.Max(1, events / 10);
        await ledger.ExecuteAsync(
            "create table public.bulk_wallets as select gen_random_uuid() as id, row_number() over () as n from generate_series(1, " + wallets + ")");
        await ledger.ExecuteAsync("insert into ledger.mt_streams (id, type, version) select id, 'wallet', 10 from public.bulk_wallets");
        await ledger.ExecuteAsync(
            "insert into ledger.mt_events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, headers, is_archived) " +
            "select nextval('ledger.mt_events_sequence'), gen_random_uuid(), w.id, v, " +
            "case v " +
            " when 1 then jsonb_build_object('walletId', w.id, 'customerName', 'Bulk ' || w.n, 'phoneNumber', '+49151' || lpad(w.n::text, 8, '0'), 'currency', 'EUR', " +
            "   'limits', jsonb_build_object('perPayment', jsonb_build_object('minor', 20000, 'currency', 'EUR'), " +
            "     'dailyAmount', jsonb_build_object('minor', 50000, 'currency', 'EUR'), 'dailyCount', 20), 'openedAt', now()) " +
            " when 2 then jsonb_build_object('walletId', w.id, 'consentPolicyVersion', 'consent-2026-01', 'enabledAt', now()) " +
            " else jsonb_build_object('walletId', w.id, 'topUpId', gen_random_uuid(), 'amount', jsonb_build_object('minor', 100 * v + w.n, 'currency', 'EUR'), " +
            "   'fundingReference', 'bulk', 'toppedUpAt', now()) end, " +
            "case v when 1 then 'wallet_opened.v1' when 2 then 'face_pay_enabled.v1' else 'wallet_topped_up.v1' end, now(), '*DEFAULT*', " +
            "case v when 1 then 'Ledger.Domain.Wallets.WalletOpened, Ledger.Domain' when 2 then 'Ledger.Domain.Wallets.FacePayEnabled, Ledger.Domain' " +
            "  else 'Ledger.Domain.Wallets.WalletToppedUp, Ledger.Domain' end, md5(w.n::text), " +
            "jsonb_build_object('actor', 'system:bulk', 'request-id', md5(v::text), 'idempotency-key', md5(w.n::text || v::text)), false " +
            "from public.bulk_wallets w cross join generate_series(1, 10) v order by w.n, v");
    }
}
