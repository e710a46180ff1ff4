using Ledger.Domain.Access;
using Ledger.Domain.FacePay;
using Ledger.Domain.Fraud;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.EventStore;

/// <summary>
/// Stored event names. They are part of the audit record: renaming a C# type must never change them,
/// and a new schema version gets a new name plus an upcaster from the earlier one (EarlierVersions/EventUpcasters).
/// </summary>
public static class EventTypeNames
{
    public static readonly IReadOnlyDictionary<Type, string> All = new Dictionary<Type, string>
    {
        [typeof(WalletOpened)] = "wallet_opened.v1",
        [typeof(WalletToppedUp)] = "wallet_topped_up.v1",
        [typeof(WalletPaidOut)] = "wallet_paid_out.v1",
        [typeof(WalletLimitsChanged)] = "wallet_limits_changed.v1",
        // v1 got a purpose in place (EarlierVersions/FacePayEnabledV1); v2 is the shape with it.
        [typeof(FacePayEnabled)] = "face_pay_enabled.v2",
        [typeof(FacePayDisabled)] = "face_pay_disabled.v1",
        [typeof(WalletFrozen)] = "wallet_frozen.v1",
        [typeof(WalletUnfrozen)] = "wallet_unfrozen.v1",
        [typeof(WalletClosed)] = "wallet_closed.v1",
        [typeof(WalletDebited)] = "wallet_debited.v1",
        [typeof(WalletCredited)] = "wallet_credited.v1",
        [typeof(MerchantOnboarded)] = "merchant_onboarded.v1",
        [typeof(MerchantSuspended)] = "merchant_suspended.v1",
        [typeof(MerchantReinstated)] = "merchant_reinstated.v1",
        [typeof(TerminalRegistered)] = "terminal_registered.v1",
        [typeof(TerminalSuspended)] = "terminal_suspended.v1",
        [typeof(TerminalReactivated)] = "terminal_reactivated.v1",
        [typeof(TerminalAttemptFailed)] = "terminal_attempt_failed.v1",
        [typeof(TerminalKeyIssued)] = "terminal_key_issued.v1",
        [typeof(TerminalKeyRotated)] = "terminal_key_rotated.v1",
        [typeof(DeviceKeyRegistered)] = "device_key_registered.v1",
        [typeof(CaptureCounterAdvanced)] = "capture_counter_advanced.v1",
        [typeof(Domain.Capture.TerminalChallengeIssued)] = "terminal_challenge_issued.v1",
        [typeof(Domain.Capture.TerminalChallengeUsed)] = "terminal_challenge_used.v1",
        [typeof(PaymentAuthorized)] = "payment_authorized.v1",
        [typeof(PaymentDeclined)] = "payment_declined.v1",
        [typeof(PaymentRefunded)] = "payment_refunded.v1",
        [typeof(FaceEnrolled)] = "face_enrolled.v1",
        [typeof(FaceTemplateOutdated)] = "face_template_outdated.v1",
        [typeof(BiometricDataErased)] = "biometric_data_erased.v1",
        [typeof(FacePayPinSet)] = "face_pay_pin_set.v1",
        [typeof(FacePayFailureRecorded)] = "face_pay_failure_recorded.v1",
        [typeof(FacePayFailuresCleared)] = "face_pay_failures_cleared.v1",
        [typeof(FacePayPinRejected)] = "face_pay_pin_rejected.v1",
        [typeof(PhoneHintFailed)] = "phone_hint_failed.v1",
        [typeof(FacePayPinReset)] = "face_pay_pin_reset.v1",
        [typeof(Domain.Approvals.ApprovalRequested)] = "approval_requested.v1",
        [typeof(Domain.Approvals.ApprovalGranted)] = "approval_granted.v1",
        [typeof(Domain.Approvals.ApprovalUsed)] = "approval_used.v1",
        [typeof(Domain.PaymentCodes.PaymentCodeRefused)] = "payment_code_refused.v1",
        [typeof(Domain.PaymentCodes.PaymentCredentialRegistered)] = "payment_credential_registered.v1",
        [typeof(Domain.PaymentCodes.PaymentCodeAccepted)] = "payment_code_accepted.v1",
        [typeof(Domain.PaymentCodes.PaymentCodeRejected)] = "payment_code_rejected.v1",
        [typeof(Domain.PaymentCodes.PaymentCredentialLocked)] = "payment_credential_locked.v1",
        [typeof(Domain.PaymentCodes.PaymentCredentialUnlocked)] = "payment_credential_unlocked.v1",
        [typeof(Domain.PaymentCodes.PaymentCredentialRevoked)] = "payment_credential_revoked.v1",
        [typeof(FacePayPinAccepted)] = "face_pay_pin_accepted.v1",
        [typeof(FacePayLocked)] = "face_pay_locked.v1",
        [typeof(FacePayUnlocked)] = "face_pay_unlocked.v1",
        [typeof(FaceVerified)] = "face_verified.v1",
        [typeof(FaceVerificationFailed)] = "face_verification_failed.v1",
        [typeof(FaceOperatingPointRecorded)] = "face_operating_point_recorded.v1",
        [typeof(FaceTemplateRenewed)] = "face_template_renewed.v1",
        [typeof(FraudAlertRaised)] = "fraud_alert_raised.v1",
        // v1 got expiresAt in place (EarlierVersions/CredentialIssuedV1); v2 is the shape with it.
        [typeof(CredentialIssued)] = "credential_issued.v2",
        [typeof(CredentialRevoked)] = "credential_revoked.v1",
        [typeof(Domain.Audit.ProjectionsRebuildStarted)] = "projections_rebuild_started.v1",
        [typeof(Domain.Audit.ProjectionsRebuilt)] = "projections_rebuilt.v1",
    };

    /// <summary>Hands every stored event type of one family (e.g. all <c>IWalletEvent</c>s) to a projection's filter.</summary>
    internal static void IncludeAll<TFamily>(Action<Type> include)
    {
        foreach (var type in All.Keys.Where(typeof(TFamily).IsAssignableFrom))
            include(type);
    }

    internal static void Register(StoreOptions options)
    {
        foreach (var (type, name) in All)
            options.Events.MapEventType(type, name);
        EarlierVersions.EventUpcasters.Register(options);
    }

    /// <summary>Every name events of the given current types were stored under, earlier versions included (for SQL over <c>mt_events.type</c>).</summary>
    public static string[] StoredNames(Func<Type, bool> current) =>
        All.Keys.Where(current).SelectMany(EarlierVersions.EventUpcasters.StoredNamesOf).ToArray();
}
