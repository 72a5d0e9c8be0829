using CaseLedger.Domain;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Hosting;
using Marten;
using JasperFx;

namespace CaseLedger.Commands;

/// <summary>
/// Which database a command runs in when the deployment has regions (<see cref="Region"/>): never what the client says, always
/// the register. The register's own streams stay in the deployment's database; a case, a linked proceeding or a supervision
/// matter is in the region of the acting officer's agency (as the register has it), since only an agency's own staff record its
/// steps: an officer of one region finds no case of another, and opens none there (the agency is not theirs). The system's
/// commands (an effect on a linked stream, a deadline) stay in the region they were sent in. An agency no region names keeps
/// its cases in the deployment's database.
/// </summary>
public static class RegionRoute
{
    /// <summary>The Marten tenant (region id) of <paramref name="message"/>; null for the deployment's own database.</summary>
    public static string? TenantOf(RunCommand message, IStreamDecider decider, string? sentIn, CaseLedgerSettings settings)
    {
        if (settings.Regions.Count == 0 || decider.KeepsRegister) return null;
        if (message.Actor.IsSystem)
            return sentIn is { Length: > 0 } tenant && tenant != StorageConstants.DefaultTenantId ? tenant : null;
        return settings.Regions.Of(message.Actor.AgencyId)?.Id;
    }

    /// <summary>The penalty case a command links its stream to, when it names one.</summary>
    public static string? LinkedCase(object command) => command switch
    {
        ApplyForReconsideration a => a.CaseId,
        FileLitigation f => f.CaseId,
        LodgePetition l => l.CaseId,
        RoutePetition r => r.CaseId,
        OpenSupervisionMatter o => o.CaseId,
        _ => null,
    };

    /// <summary>
    /// A case and its remedies share the case's region: a command in <paramref name="tenant"/> that links to a case another
    /// region's database holds is refused (<c>cross-region-link</c>) rather than left to find no case.
    /// </summary>
    public static async Task<Refusal?> CrossRegionAsync(RunCommand message, string? tenant, IDocumentStore store, CaseLedgerSettings settings, CancellationToken ct)
    {
        if (settings.Regions.Count == 0 || LinkedCase(message.Command) is not { Length: > 0 } caseId) return null;
        if (await HoldsAsync(store, tenant, caseId, ct)) return null;
        var elsewhere = settings.Regions.Tenants().Where(t => t != tenant);
        foreach (var other in elsewhere)
        {
            if (await HoldsAsync(store, other, caseId, ct))
                return new Refusal(RefusalCodes.CrossRegionLink,
                    $"Case '{caseId}' is kept in {Describe(other)}, this command in {Describe(tenant)}: a case and its linked proceedings share the region of the case's agency.");
        }
        return null;
    }

    private static string Describe(string? tenant) => tenant is null ? "the deployment's own database" : $"region '{tenant}'";

    private static async Task<bool> HoldsAsync(IDocumentStore store, string? tenant, string streamId, CancellationToken ct)
    {
        await using var session = store.QuerySessionOf(tenant);
        return await session.Events.FetchStreamStateAsync(streamId, ct) is not null;
    }
}
