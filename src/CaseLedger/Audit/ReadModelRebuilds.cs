using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using Marten;
using NodaTime;

namespace CaseLedger.Audit;

/// <summary>
/// Someone projected read models again from the events (<c>caseledger rebuild</c>): a repair of what the audit found edited
/// is itself on the record (issue 19 item 4), in the stream <see cref="StreamKeys.ReadModelRebuilds"/>.
/// </summary>
/// <param name="ReadModels">The read models rebuilt.</param>
/// <param name="EventsRead">How many stored events the rebuild read.</param>
/// <param name="RebuiltBy">Who ran it: the operating-system user (or CASELEDGER_OPERATOR) on <paramref name="Host"/>.</param>
public sealed record ReadModelsRebuilt(IReadOnlyList<string> ReadModels, long EventsRead, string RebuiltBy, string Host, Instant RebuiltAt);

public static class ReadModelRebuilds
{
    /// <summary>Who runs a command on this machine: CASELEDGER_OPERATOR, else the operating-system user.</summary>
    public static string Operator => Environment.GetEnvironmentVariable("CASELEDGER_OPERATOR") is { Length: > 0 } named ? named : Environment.UserName;

    /// <summary>Records a rebuild that has finished, as its operator; the stream's version is read again if another was recorded meanwhile.</summary>
    public static async Task<ReadModelsRebuilt> RecordAsync(IDocumentStore store, IReadOnlyList<string> readModels, long eventsRead, string by,
        IClock clock, CancellationToken ct = default, string? tenant = null)
    {
        var actor = new Actor(by, by, new HashSet<Role> { Role.Admin }, null);
        for (var attempt = 0; ; attempt++)
        {
            var now = clock.GetCurrentInstant();
            var rebuilt = new ReadModelsRebuilt(readModels, eventsRead, by, Environment.MachineName, EventChain.ToStorePrecision(now));
            await using var session = store.QuerySessionOf(tenant);
            var version = (await session.Events.FetchStreamStateAsync(StreamKeys.ReadModelRebuilds, ct))?.Version ?? 0;
            if (await SystemAppend.AppendAsync(store, StreamKeys.ReadModelRebuilds, version, [rebuilt], actor, now, ct, tenant)) return rebuilt;
            if (attempt == 4) throw new InvalidOperationException("The rebuild could not be recorded: the record of rebuilds kept moving.");
        }
    }

    /// <summary>Every rebuild recorded, oldest first.</summary>
    public static async Task<IReadOnlyList<ReadModelsRebuilt>> ListAsync(IQuerySession session, CancellationToken ct) =>
        [.. (await session.Events.FetchStreamAsync(StreamKeys.ReadModelRebuilds, token: ct)).Select(e => e.Data).OfType<ReadModelsRebuilt>()];
}
