namespace Ledger.Domain.Wallets;

/// <summary>Marker for the events of a customer wallet stream.</summary>
public interface IWalletEvent
{
    Guid WalletId { get; }
}

public sealed record WalletOpened(
    Guid WalletId, string CustomerName, string PhoneNumber, Currency Currency, WalletLimits Limits,
    DateTimeOffset OpenedAt) : IWalletEvent;

/// <summary>Money entered the system from outside (card, bank transfer) into the wallet.</summary>
public sealed record WalletToppedUp(
    Guid WalletId, Guid TopUpId, Money Amount, string FundingReference, DateTimeOffset ToppedUpAt) : IWalletEvent;

/// <summary>Money left the system from the wallet to the customer's bank account.</summary>
public sealed record WalletPaidOut(
    Guid WalletId, Guid PayoutId, Money Amount, string PayoutReference, DateTimeOffset PaidOutAt) : IWalletEvent;

public sealed record WalletLimitsChanged(Guid WalletId, WalletLimits Limits, DateTimeOffset ChangedAt) : IWalletEvent;

/// <summary>The customer consented to pay by face (opt-in), under a given consent policy version, for a stated purpose
/// (recorded at enrolment; the operator who took it is the event's actor).</summary>
public sealed record FacePayEnabled(
    Guid WalletId, string ConsentPolicyVersion,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Purpose,
    DateTimeOffset EnabledAt) : IWalletEvent;

public sealed record FacePayDisabled(Guid WalletId, DateTimeOffset DisabledAt) : IWalletEvent;

public sealed record WalletFrozen(Guid WalletId, string Reason, DateTimeOffset FrozenAt) : IWalletEvent;

public sealed record WalletUnfrozen(Guid WalletId, DateTimeOffset UnfrozenAt) : IWalletEvent;

public sealed record WalletClosed(Guid WalletId, DateTimeOffset ClosedAt) : IWalletEvent;

/// <summary>The wallet's side of an authorized payment (the payment stream holds the decision).</summary>
public sealed record WalletDebited(
    Guid WalletId, Guid PaymentId, Guid MerchantId, Money Amount, DateTimeOffset DebitedAt) : IWalletEvent;

/// <summary>The wallet's side of a refund.</summary>
public sealed record WalletCredited(
    Guid WalletId, Guid PaymentId, Guid RefundId, Money Amount, DateTimeOffset CreditedAt) : IWalletEvent;
