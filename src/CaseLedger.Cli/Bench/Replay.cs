namespace CaseLedger.Cli.Bench;

/// <summary>A case as of a past instant: the worst one, just before a snapshot.</summary>
public sealed partial class Benchmark
{
    private async Task ReplayAsync(IDocumentStore store, IMessageBus bus, CollectEvidence evidence, Func<Task<string>> filedCase)
    {
        foreach (var length in new[] { sizes.ShortCase, sizes.LongCase })
        {
            progress($"replay: a case of {length} events as of a past instant");
            var caseId = await filedCase();
            var today = AgencyZone.Today(clock.GetCurrentInstant());
            // Marten stamps a transaction's events with one instant: the last snapshot interval is written one event per
            // transaction, as commands write them, so that its instants are distinct and replay can stop between them.
            for (var written = 2; written < length;)
            {
                var count = length - written > CaseSnapshot.Interval ? Math.Min(500, length - CaseSnapshot.Interval - written) : 1;
                await using var session = store.LightweightSession();
                session.LastModifiedBy = "bench";
                var stream = await session.Events.FetchForWriting<CaseFile>(caseId);
                var versionBefore = stream.CurrentVersion ?? 0;
                stream.AppendMany(Enumerable.Range(written, count).Select(i => (object)Sample(caseId, evidence, today, i)));
                written += count;
                // Chained as the command pipeline chains, so that verification below checks real hashes.
                await EventChain.SealAsync(session, caseId, versionBefore, stream.Events, "bench", clock.GetCurrentInstant(), CancellationToken.None);
                await session.SaveChangesAsync();
            }
            // The worst past instant: just before the case's last snapshot was taken, so that replay folds the most events
            // after the snapshot before it (Interval - 1 of them), not the instant of a snapshot, where it folds none.
            Instant asOf;
            long expected;
            await using (var query = store.QuerySession())
            {
                var all = await query.Events.FetchStreamAsync(caseId);
                // A case shorter than the interval has no snapshot: then just before its last event, folded from the start.
                var boundary = Math.Max(all[^1].Version / CaseSnapshot.Interval * CaseSnapshot.Interval, all[0].Version + 1);
                var boundaryAt = all.First(e => e.Version == boundary).Timestamp;
                // On a clock that stands still (the tests') every instant is the same: then the last one.
                var before = all.LastOrDefault(e => e.Version < boundary && e.Timestamp < boundaryAt) ?? all[^1];
                asOf = Instant.FromDateTimeOffset(before.Timestamp);
                expected = all.Where(e => e.Timestamp <= before.Timestamp).Max(e => e.Version);
            }
            var (p50, p99) = await Measure.LatencyAsync(sizes.ReplayRepeats, async () =>
            {
                await using var query = store.QuerySession();
                var replayed = await CaseHistory.AsOfAsync(query, caseId, asOf);
                if (replayed.State is null || replayed.Version != expected) throw new InvalidOperationException("The replayed case is not the one written.");
            });
            Add(new BenchFigure("replay", $"state as of an instant, {length} events ({expected % CaseSnapshot.Interval} folded after the nearest snapshot)",
                1, sizes.ReplayRepeats, 1000 / p50, p50, p99));
        }
    }
}
