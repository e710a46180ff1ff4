using System.Reflection;
using Ledger.Domain.Merchants;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Architecture;

/// <summary>The domain stays pure: it references the BCL and nothing else.</summary>
public class DomainDependencyTests
{
    private static readonly Assembly Domain = typeof(Money).Assembly;

    private static bool IsBcl(string name) =>
        name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal) || name == "System"
        || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal);

    [Fact]
    public void The_domain_assembly_is_Ledger_Domain()
    {
        Assert.Equal("Ledger.Domain", Domain.GetName().Name);
    }

    [Fact]
    public void The_domain_references_only_the_base_class_library()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.NotEmpty(references);
        Assert.All(references, name => Assert.True(IsBcl(name), $"Ledger.Domain references {name}, which is not the BCL."));
    }

    [Theory]
    [InlineData("Marten")]
    [InlineData("Npgsql")]
    [InlineData("Microsoft.AspNetCore")]
    [InlineData("Microsoft.ML.OnnxRuntime")]
    [InlineData("MassTransit")]
    [InlineData("FluentValidation")]
    [InlineData("Polly")]
    [InlineData("Ledger.Infrastructure")]
    [InlineData("Ledger.Vision")]
    public void The_domain_knows_nothing_of(string forbidden)
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.DoesNotContain(references, name => name.StartsWith(forbidden, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_BCL_filter_itself_rejects_a_foreign_assembly()
    {
        // Keeps the first test honest: the predicate is not "everything passes".
        Assert.False(IsBcl("Marten"));
        Assert.False(IsBcl("Microsoft.AspNetCore.Http"));
        Assert.False(IsBcl("Npgsql"));
        Assert.True(IsBcl("System.Runtime"));
    }

    public static TheoryData<Type> EventTypes() =>
    [
        .. Domain.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } &&
                        (typeof(IWalletEvent).IsAssignableFrom(t) || typeof(IPaymentEvent).IsAssignableFrom(t) ||
                         typeof(IMerchantEvent).IsAssignableFrom(t) || typeof(ITerminalEvent).IsAssignableFrom(t) ||
                         typeof(IPaymentCredentialEvent).IsAssignableFrom(t)))
            .OrderBy(t => t.Name),
    ];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void Every_event_is_an_immutable_record_with_its_stream_id_first_and_its_time_last(Type eventType)
    {
        var parameters = eventType.GetConstructors().Single().GetParameters();

        Assert.True(eventType.IsSealed);
        Assert.EndsWith("Id", parameters[0].Name);
        Assert.Equal(typeof(Guid), parameters[0].ParameterType);
        Assert.Equal(typeof(DateTimeOffset), parameters[^1].ParameterType);
        Assert.EndsWith("At", parameters[^1].Name);
        Assert.All(eventType.GetProperties(), p => Assert.False(
            p.SetMethod is { } setter && !setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.CompilerServices.IsExternalInit)),
            $"{eventType.Name}.{p.Name} has a public setter"));
    }
}
