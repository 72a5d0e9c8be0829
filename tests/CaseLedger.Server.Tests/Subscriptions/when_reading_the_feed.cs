using System.Text.Json.Nodes;
using CaseLedger.Domain.Penalty;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Subscriptions;
using Marten;
using Marten.Services;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Subscriptions;

public sealed class when_reading_the_feed(IntegrationFixture server) : IClassFixture<IntegrationFixture>
{
    [Fact]
    public async Task each_event_is_a_cloud_event_naming_agency_case_type_and_place_in_the_log()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var recorded = await (await server.Client().GetAsync($"/api/cases/{caseId}/events")).AssertOkAsync();

        var (events, next) = await server.Client().FeedToEndAsync();
        var ours = events.Where(e => (string?)e["subject"] == caseId).ToList();

        Assert.Equal(2, ours.Count);
        var filed = ours[1];
        var stored = recorded["events"]![1]!;
        Assert.Equal("1.0", (string?)filed["specversion"]);
        Assert.Equal((string?)stored["id"], (string?)filed["id"]);
        Assert.Equal($"/agencies/{staff.AgencyId}/cases/{caseId}", (string?)filed["source"]);
        Assert.Equal(IntegrationScenarios.Penalty("case_filed"), (string?)filed["type"]);
        Assert.Equal((long)stored["sequence"]!, filed.Sequence());
        Assert.Equal(2, (int)filed["streamversion"]!);
        Assert.Equal(DateTimeOffset.Parse((string)stored["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)filed["time"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("application/json", (string?)filed["datacontenttype"]);
        Assert.Equal(caseId, (string?)filed["data"]!["caseId"]);
        Assert.Equal(JsonNode.Parse(stored["data"]!.ToJsonString())!.ToJsonString(), filed["data"]!.ToJsonString());
        Assert.True(next >= filed.Sequence());
        Assert.Empty((await server.Client().FeedPageAsync(next))["events"]!.AsArray());
    }

    [Fact]
    public async Task paging_during_concurrent_appends_yields_every_event_once_in_order()
    {
        var staff = await server.StaffAsync();
        var cases = new List<string>();
        for (var i = 0; i < 3; i++) cases.Add(await server.FiledCaseAsync(staff));
        var start = (long)(await server.Client().FeedPageAsync(0, 1))["highWaterMark"]!;

        var writing = Task.WhenAll(cases.Select(c => Task.Run(async () =>
        {
            for (var n = 0; n < 8; n++) await server.EvidenceAsync(staff, c, n);
        })));
        var seen = new List<JsonNode>();
        var after = 0L;
        var client = server.Client();
        while (true)
        {
            var done = writing.IsCompleted;
            var page = await client.FeedPageAsync(after, 5);
            var batch = page["events"]!.AsArray().Select(e => e!).ToList();
            seen.AddRange(batch);
            after = (long)page["next"]!;
            if (done && batch.Count < 5) break;
        }
        await writing;

        var sequences = seen.Select(e => e.Sequence()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        foreach (var caseId in cases)
        {
            var stored = (await (await server.Client().GetAsync($"/api/cases/{caseId}/events")).AssertOkAsync())["events"]!.AsArray();
            Assert.Equal(10, stored.Count);
            Assert.Equal(stored.Select(e => (string)e!["id"]!), seen.Where(e => (string?)e["subject"] == caseId).Select(e => (string)e["id"]!));
        }
        Assert.True(seen.Count(e => e.Sequence() > start) >= 24);
    }

    [Fact]
    public async Task an_event_that_commits_after_a_later_one_is_not_skipped_and_a_rolled_back_one_leaves_no_hole()
    {
        var staff = await server.StaffAsync();
        var early = await server.FiledCaseAsync(staff);
        var late = await server.FiledCaseAsync(staff);
        var client = server.Client();
        var (_, cursor) = await client.FeedToEndAsync();

        var dataSource = server.App.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var open = await connection.BeginTransactionAsync();
        await AppendInAsync(open, early, "held open");

        await server.EvidenceAsync(staff, late, 1);
        var whileOpen = await client.FeedPageAsync(cursor);
        Assert.DoesNotContain(whileOpen["events"]!.AsArray(), e => (string?)e!["subject"] == late);
        cursor = (long)whileOpen["next"]!;

        await open.CommitAsync();
        var afterCommit = (await client.FeedToEndAsync(cursor)).Events.Where(e => (string?)e["subject"] is { } s && (s == early || s == late)).ToList();
        Assert.Equal([early, late], afterCommit.Select(e => (string)e["subject"]!));
        Assert.True(afterCommit[0].Sequence() < afterCommit[1].Sequence());
        cursor = afterCommit[1].Sequence();

        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await AppendInAsync(rolledBack, early, "rolled back");
            await rolledBack.RollbackAsync();
        }
        await server.EvidenceAsync(staff, late, 2);
        var afterHole = (await client.FeedToEndAsync(cursor)).Events.Where(e => (string?)e["subject"] == late || (string?)e["subject"] == early).ToList();
        Assert.Equal([late], afterHole.Select(e => (string)e["subject"]!));
    }

    [Fact]
    public async Task a_page_fills_across_a_long_stretch_of_events_its_reader_may_not_see()
    {
        // The feed reads in windows of sequence numbers: a page must still be full while more visible events exist beyond
        // a stretch of another agency's events many windows long, and its cursor must lead to the rest.
        var staff = await server.NewStaffAsync();
        var elsewhere = await server.NewStaffAsync();
        var integrator = await server.IntegratorAsync(staff.AgencyId, [staff.AgencyId], ["*"]);
        var client = server.Client(integrator.Token);
        var start = await server.FeedMarkAsync();
        var first = await server.FiledCaseAsync(staff);
        var hidden = await server.FiledCaseAsync(elsewhere);
        for (var n = 0; n < 20; n++) await server.EvidenceAsync(elsewhere, hidden, n);
        var second = await server.FiledCaseAsync(staff);

        var page = await client.FeedPageAsync(start, 3);
        var events = page["events"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal([first, first, second], events.Select(e => (string)e["subject"]!));
        Assert.Equal(events[^1].Sequence(), (long)page["next"]!);

        var rest = await client.FeedPageAsync((long)page["next"]!, 3);
        Assert.Equal([second], rest["events"]!.AsArray().Select(e => (string)e!["subject"]!));
        Assert.Equal((long)rest["highWaterMark"]!, (long)rest["next"]!);
    }

    [Fact]
    public async Task readers_asking_for_the_same_small_page_share_one_read_of_the_store()
    {
        var staff = await server.NewStaffAsync();
        var start = await server.FeedMarkAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var upTo = await server.FeedMarkAsync();
        var feed = server.App.Services.GetRequiredService<FeedReader>();
        var agency = new FeedAccess(new HashSet<string> { staff.AgencyId }, null);
        var reads = feed.StoreReads;

        // Twenty live readers at the same cursor after the same advance, with equal grants, and one more later.
        var pages = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            feed.ReadAsync(start, FeedReader.SharedPageLimit, new FeedAccess(new HashSet<string> { staff.AgencyId }, null), upTo, default))));
        var later = await feed.ReadAsync(start, FeedReader.SharedPageLimit, agency, upTo, default);
        Assert.Equal(reads + 1, feed.StoreReads);
        Assert.All(pages.Append(later), page => Assert.Equal([caseId, caseId], page.Events.Select(e => e.CaseId)));

        // Other access, or a catch-up page, is read for itself.
        var nobody = await feed.ReadAsync(start, FeedReader.SharedPageLimit, new FeedAccess(new HashSet<string> { "no-such-agency" }, null), upTo, default);
        Assert.Empty(nobody.Events);
        await feed.ReadAsync(start, FeedReader.SharedPageLimit + 1, agency, upTo, default);
        await feed.ReadAsync(start, FeedReader.SharedPageLimit + 1, agency, upTo, default);
        Assert.Equal(reads + 4, feed.StoreReads);
    }

    [Fact]
    public async Task only_integrators_with_a_grant_and_administrators_read_it()
    {
        var staff = await server.StaffAsync();
        var officer = await server.OfficerAsync(staff.AgencyId);
        await (await server.Client(officer.Token).GetAsync("/api/feed")).AssertProblemAsync(403, "forbidden");
        var ungranted = await server.OfficerAsync(staff.AgencyId, roles: ["integrator"], certified: false);
        var refused = await (await server.Client(ungranted.Token).GetAsync("/api/feed")).AssertProblemAsync(403, "forbidden");
        Assert.Contains($"/api/integrators/{ungranted.Id}/grants", (string?)refused["detail"]);
        await (await server.Client(null).GetAsync("/api/feed")).AssertProblemAsync(401, "unauthenticated");
        await (await server.Client().GetAsync("/api/feed?limit=0")).AssertProblemAsync(400, "validation-failed");
    }

    private async Task AppendInAsync(NpgsqlTransaction transaction, string caseId, string description)
    {
        await using var session = server.Store.LightweightSession(SessionOptions.ForTransaction(transaction));
        session.Events.Append(caseId, new EvidenceCollected(caseId, Guid.NewGuid().ToString(), EvidenceKind.Documentary, description, null,
            new NodaTime.LocalDate(2025, 1, 9), CaseScenarios.Hash, [], [], "test"));
        await session.SaveChangesAsync();
    }
}
