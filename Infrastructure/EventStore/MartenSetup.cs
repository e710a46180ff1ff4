using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Ledger.Domain;
using Ledger.Infrastructure.Fraud;
using Ledger.Infrastructure.Journal;
using Ledger.Infrastructure.Projections;
using Marten;
using Weasel.Core;

namespace Ledger.Infrastructure.EventStore;

/// <summary>How the ledger's Marten store is configured; shared by the service, the tests and the benchmarks.</summary>
public static class MartenSetup
{
    public const string DefaultSchema = "ledger";

    public static void Configure(StoreOptions options, Npgsql.NpgsqlDataSource dataSource, string schema = DefaultSchema)
    {
        options.Connection(dataSource);
        options.DatabaseSchemaName = schema;
        options.Events.DatabaseSchemaName = schema;
        // The runtime role may not change the schema: migrations apply it as the owner (`ledger db migrate`,
        // ApplyAllConfiguredChangesToDatabaseAsync, which ignores this setting).
        options.AutoCreateSchemaObjects = AutoCreate.None;
        // One connection per unit of work instead of one per query: no pool round trip between the
        // loads and the commit of a command.
        options.UseStickyConnectionLifetimes = true;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase,
            json => json.Converters.Add(new CurrencyJsonConverter()));

        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Quick append: versions and sequences are assigned by PostgreSQL in one statement per stream,
        // which keeps the hot path at one round trip for the whole commit.
        options.Events.AppendMode = EventAppendMode.Quick;
        options.Events.MetadataConfig.EnableAll();
        EventTypeNames.Register(options);

        options.Projections.Add(new WalletProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new MerchantProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new TerminalProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PaymentProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PaymentCredentialProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new PhoneHintAttemptsProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new ApprovalProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new TerminalChallengeProjection(), ProjectionLifecycle.Inline);
        options.Projections.Add(new JournalProjection(schema), ProjectionLifecycle.Inline);
        // Fraud views trail the events (async daemon): operators' reads, never on a payment's path.
        options.Projections.Add(new TerminalFraudViewProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new WalletFraudViewProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new FraudAlertViewProjection(), ProjectionLifecycle.Async);

        options.Schema.For<IdempotencyDocument>().Identity(x => x.Id);
        options.Schema.For<FraudRuleState>().Identity(x => x.Id);
        options.Schema.For<FraudAlertView>().Index(x => x.Sequence).Index(x => x.SubjectId);
        // DecidedAt: the finance page's declines per reason read a window of days (DailyReads).
        options.Schema.For<Domain.Payments.Payment>().Index(x => x.WalletId).Index(x => x.MerchantId).Index(x => x.DecidedAt);
        // SubjectSearch: a wallet by its phone, and wallets, merchants and terminals by the start of their name, each a btree
        // range on the lower-cased name in code point order (collation "C", whatever the database's own locale). A wallet's
        // snapshot is rewritten by every payment: its phone and name are columns of their own, so no index covers `data`
        // and the rewrite is a HOT update (no new index entries) whenever the page has room.
        options.Schema.For<Domain.Wallets.Wallet>().Duplicate(x => x.PhoneNumber)
            .Duplicate(x => x.CustomerName, configure: index => (index.Mask, index.Collation) = ("lower(?)", "C"));
        options.Schema.For<Domain.Merchants.Merchant>().Index(x => x.Name, SearchableName);
        options.Schema.For<Domain.Terminals.Terminal>().Index(x => x.Label, SearchableName);
        foreach (var table in JournalSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Audit.AuditSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Terminals.TerminalCredentialSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Access.AccessSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Access.ConsoleSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in PaymentCodes.PaymentCredentialSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Biometrics.BiometricSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Audit.Rebuild.RebuildRunSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
        foreach (var table in Audit.Replay.Reports.WhatIfReportSchema.Tables(schema))
            options.Storage.ExtendedSchemaObjects.Add(table);
    }

    private static void SearchableName(Marten.Schema.ComputedIndex index)
    {
        index.Casing = Marten.Schema.ComputedIndex.Casings.Lower;
        index.Collation = "C";
    }
}
