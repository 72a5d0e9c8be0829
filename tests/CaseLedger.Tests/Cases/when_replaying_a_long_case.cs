using CaseLedger.Cases;
using CaseLedger.Domain.Penalty;
using CaseLedger.Tests.Contracts;
using CaseLedger.Tests.Support;
using Marten;
using NodaTime;

namespace CaseLedger.Tests.Cases;

public class when_replaying_a_long_case(EngineFixture engine) : IClassFixture<EngineFixture>
{
    [Fact]
    public async Task snapshots_are_kept_every_interval_and_replay_equals_folding_every_event()
    {
        var caseId = Guid.CreateVersion7().ToString();
        var lead = (LeadRegistered)SampleValues.Of(typeof(LeadRegistered)) with { CaseId = caseId };
        var evidence = (EvidenceCollected)SampleValues.Of(typeof(EvidenceCollected)) with { CaseId = caseId };
        await using (var session = engine.Store.LightweightSession())
        {
            session.Events.StartStream(caseId, lead);
            await session.SaveChangesAsync();
        }
        // 1,200 events in batches that straddle the snapshot interval, one minute apart on the clock. A snapshot is
        // kept at each multiple of the interval, in the middle of a batch too: the same ones a rebuild keeps.
        List<long> crossed = [.. Enumerable.Range(1, 1201 / CaseSnapshot.Interval).Select(k => (long)k * CaseSnapshot.Interval)];
        for (var written = 1; written < 1200; written += 300)
        {
            engine.Clock.Advance(Duration.FromMinutes(1));
            await using var session = engine.Store.LightweightSession();
            // As the command pipeline does: FetchForWriting knows the versions the inline projection sees.
            var stream = await session.Events.FetchForWriting<CaseFile>(caseId);
            stream.AppendMany(Enumerable.Range(written, 300).Select(i => (object)(evidence with { EvidenceId = $"E{i}" })));
            await session.SaveChangesAsync();
        }

        await using var query = engine.Store.QuerySession();
        var snapshots = await query.Query<CaseSnapshot>().Where(s => s.CaseId == caseId).OrderBy(s => s.Version).ToListAsync();
        Assert.Equal(crossed, snapshots.Select(s => s.Version));
        Assert.True(crossed.Count >= 2);

        var all = await query.Events.FetchStreamAsync(caseId);
        foreach (var version in new long[] { 1, 450, 601, 777, 1201 })
        {
            PenaltyCaseState? expected = null;
            foreach (var e in all.Take((int)version)) expected = PenaltyCase.Evolve(expected, e.Data);
            var replayed = await CaseHistory.AtVersionAsync(query, caseId, version);
            Assert.Equal(version, replayed.Version);
            // The whole state, as stored: a snapshot folded onward must equal the fold from the first event.
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, CaseLedger.Json.CaseLedgerJson.Stored),
                System.Text.Json.JsonSerializer.Serialize(replayed.State, CaseLedger.Json.CaseLedgerJson.Stored));
        }

        var asOf = Instant.FromDateTimeOffset(all[700].Timestamp);
        var byInstant = await CaseHistory.AsOfAsync(query, caseId, asOf);
        Assert.Equal(all.Last(e => e.Timestamp <= asOf.ToDateTimeOffset()).Version, byInstant.Version);
    }
}
