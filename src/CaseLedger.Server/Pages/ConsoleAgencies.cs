using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using Marten;

namespace CaseLedger.Server.Pages;

/// <summary>The agencies a reader's scope covers, for the pages' agency choices.</summary>
public static class ConsoleAgencies
{
    /// <summary>At most this many agencies are offered (every agency, for who reads all).</summary>
    public const int Most = 500;

    public static async Task<IReadOnlyList<Agency>> ReadableAsync(IQuerySession session, ReadScope scope, CancellationToken ct) =>
        scope.All
            ? await session.Query<Agency>().OrderBy(a => a.Id).Take(Most).ToListAsync(ct)
            : [.. (await session.LoadManyAsync<Agency>(ct, scope.Agencies)).OrderBy(a => a.Id, StringComparer.Ordinal)];
}
