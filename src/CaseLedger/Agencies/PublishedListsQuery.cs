using CaseLedger.Domain.Agencies;
using Marten;
using NodaTime;

namespace CaseLedger.Agencies;

/// <summary>One agency as the public sees its lists: the agency, what it published, and what is in force on the day asked.</summary>
public sealed record PublicListsEntry(Agency Agency, PublishedLists Lists, DiscretionCatalogue? CatalogueInForce, PowersList? PowersInForce);

/// <summary>
/// The published lists of every agency (山东省行政执法监督条例 Arts. 9, 12, 15), for the public pages and JSON: agencies that
/// published something, announced bodies first, by agency id.
/// </summary>
public static class PublishedListsQuery
{
    public static async Task<IReadOnlyList<PublicListsEntry>> ReadAsync(IQuerySession session, LocalDate on, CancellationToken ct)
    {
        var lists = await session.Query<PublishedLists>().ToListAsync(ct);
        if (lists.Count == 0) return [];
        var agencies = (await session.LoadManyAsync<Agency>(ct, lists.Select(l => l.AgencyId).ToArray())).ToDictionary(a => a.Id);
        return [.. lists.Where(l => agencies.ContainsKey(l.AgencyId))
            .OrderBy(l => l.Announcement is null).ThenBy(l => l.AgencyId, StringComparer.Ordinal)
            .Select(l => new PublicListsEntry(agencies[l.AgencyId], l, l.CatalogueOn(on), l.PowersOn(on)))];
    }
}
