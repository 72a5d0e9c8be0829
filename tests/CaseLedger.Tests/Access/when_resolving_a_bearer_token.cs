using CaseLedger.Access;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using CaseLedger.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace CaseLedger.Tests.Access;

/// <summary>A bearer token resolves to the officer it was issued to as the register knows them now, or to nobody.</summary>
public class when_resolving_a_bearer_token(EngineFixture engine) : IClassFixture<EngineFixture>
{
    private TokenResolver Resolver => engine.Host.Services.GetRequiredService<TokenResolver>();

    [Fact]
    public async Task it_names_the_officer_with_their_current_roles_the_administrator_or_nobody()
    {
        var officerId = $"officer-{Guid.NewGuid():N}";
        var (officerToken, adminToken, orphanToken) = (ApiTokens.NewToken(), ApiTokens.NewToken(), ApiTokens.NewToken());
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(new Officer(officerId, "张伟", "agency-1", [Role.EnforcementOfficer], false, [], Instant.FromUtc(2026, 1, 1, 0, 0)));
            session.Store(ApiTokens.Record(officerToken, officerId, engine.Clock.GetCurrentInstant()));
            session.Store(ApiTokens.Record(adminToken, ApiTokens.BootstrapAdminId, engine.Clock.GetCurrentInstant()));
            session.Store(ApiTokens.Record(orphanToken, $"officer-{Guid.NewGuid():N}", engine.Clock.GetCurrentInstant()));
            await session.SaveChangesAsync();
        }

        var officer = await Resolver.ResolveAsync(officerToken, CancellationToken.None);
        Assert.Equal((officerId, "张伟", "agency-1"), (officer!.Id, officer.Name, officer.AgencyId));
        Assert.True(officer.Has(Role.EnforcementOfficer));
        Assert.Same(ApiTokens.BootstrapAdmin, await Resolver.ResolveAsync(adminToken, CancellationToken.None));
        Assert.Null(await Resolver.ResolveAsync(orphanToken, CancellationToken.None));
        Assert.Null(await Resolver.ResolveAsync(ApiTokens.NewToken(), CancellationToken.None));

        // A role given later counts at the next request: nothing about the officer is kept with the token.
        await using (var session = engine.Store.LightweightSession())
        {
            session.Store(new Officer(officerId, "张伟", "agency-1", [Role.EnforcementOfficer, Role.Supervisor], false, [], Instant.FromUtc(2026, 1, 1, 0, 0)));
            await session.SaveChangesAsync();
        }
        Assert.True((await Resolver.ResolveAsync(officerToken, CancellationToken.None))!.Has(Role.Supervisor));
    }

    [Fact]
    public async Task a_changed_admin_token_retires_the_one_before_it_at_the_next_start()
    {
        var (first, second) = (ApiTokens.NewToken(), ApiTokens.NewToken());
        var now = engine.Clock.GetCurrentInstant();
        await ApiTokens.BootstrapAsync(engine.Store, first, now, CancellationToken.None);
        Assert.Same(ApiTokens.BootstrapAdmin, await Resolver.ResolveAsync(first, CancellationToken.None));

        await ApiTokens.BootstrapAsync(engine.Store, second, now, CancellationToken.None);
        Assert.Null(await Resolver.ResolveAsync(first, CancellationToken.None));
        Assert.Same(ApiTokens.BootstrapAdmin, await Resolver.ResolveAsync(second, CancellationToken.None));
    }
}
