using CaseLedger.Audit;
using CaseLedger.Cases;
using CaseLedger.Domain.Penalty;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using Marten;
using Npgsql;

namespace CaseLedger.Server.Tests.Supervision;

[Collection(SupervisionCollection.Name)]
public class when_rebuilding_the_projections(ServerFixture server)
{
    [Fact]
    public async Task a_rebuild_from_the_events_reproduces_every_document_exactly()
    {
        var staff = await server.NewStaffAsync();
        var suspended = await server.ConcludedCaseAsync(staff, 5_000m, on: "2026-03-02");
        await server.NoticeAsync(staff, suspended, 5_000m, on: "2026-03-03");
        await server.StepAsync(suspended, "2026-03-04", "suspend", new { reason = "等待检验结果", on = "2026-03-04", approvedBy = staff.Head });
        var missed = await server.PreservedCaseAsync(staff, on: "2026-03-05");
        server.On("2026-03-20");
        await server.SweepAsync();
        Assert.NotEmpty(await server.EventsOfTypeAsync(missed, "deadline_missed"));
        await server.ConcludedCaseAsync(staff, 1_000m, on: "2026-03-20");
        // Linked proceedings: the suit's file reads its case's agency and number, the petition's its registering officer's agency.
        var contested = await server.PublishedCaseAsync(staff);
        var suit = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId = contested,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["litigationId"]!;
        var petition = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题",
            lodgedOn = "2026-03-20",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;
        var petitionOnCase = (string)(await (await server.Client(staff.TokenOf(staff.Investigator1)).PostJsonAsync("/api/petitions", new
        {
            caseId = contested,
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映罚款决定不公",
            lodgedOn = "2026-03-20",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;
        var reconsideration = await server.ApplyForReconsiderationAsync(contested, await server.ReconsiderationBodyAsync(), "2026-03-09");

        // A long case keeps snapshots; appended in slices that end on the interval, where the live projection takes them.
        var longCase = await server.FiledCaseAsync(staff);
        await server.OkAsync(longCase, "collect-evidence", Evidence(staff));
        await ExtendWithEvidenceAsync(longCase, staff.Investigator1, upTo: 2 * CaseSnapshot.Interval + 3);

        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null };
        await using var store = await CaseLedgerStore.OpenAsync(settings);
        Assert.Contains("CaseFile", store.ProjectionNames);
        Assert.Contains("ReconsiderationFile", store.ProjectionNames);
        Assert.Contains("LitigationFile", store.ProjectionNames);
        Assert.Contains("PetitionFile", store.ProjectionNames);

        var damages = new[]
        {
            // What supervisors see of a case and its snapshots are written with its case file.
            ("CaseFile", "mt_doc_casesupervision", suspended, "deadlines", missed),
            ("CaseFile", "mt_doc_casefile", suspended, "state", missed),
            ("CaseFile", "mt_doc_casesnapshot", $"{longCase}@{CaseSnapshot.Interval}", "state", $"{longCase}@{2 * CaseSnapshot.Interval}"),
            // Naming only what supervisors see rebuilds the case files it is computed from as well: never from a forged file.
            ("CaseSupervision", "mt_doc_casefile", suspended, "state", missed),
            ("CaseSnapshot", "mt_doc_casefile", missed, "state", suspended),
            // What supervisors see of a linked proceeding is written with its file; the files share that table, so naming one rebuilds all three.
            ("LitigationFile", "mt_doc_remedysupervision", suit, "agencyId", petition),
            ("ReconsiderationFile", "mt_doc_remedysupervision", reconsideration, "queues", petitionOnCase),
            ("PetitionFile", "mt_doc_petitionfile", petitionOnCase, "caseNumber", petition),
            ("Officer", "mt_doc_officer", staff.Investigator1, "certificates", staff.Investigator2),
        };
        var tables = damages.Select(d => d.Item2).Distinct().ToList();
        var live = new Dictionary<string, Dictionary<string, string>>();
        foreach (var table in tables) live[table] = await server.DocumentsAsync(table);
        Assert.Equal(2, live["mt_doc_casesnapshot"].Keys.Count(k => k.StartsWith(longCase, StringComparison.Ordinal)));

        foreach (var (projection, table, damaged, field, deleted) in damages)
        {
            await DamageAsync(table, damaged, field, deleted);
            var reports = new List<(long Done, long Total)>();
            await store.RebuildAsync([projection], new SynchronousProgress(reports));
            AssertSame(live[table], await server.DocumentsAsync(table));
            Assert.Equal(reports[^1].Total, reports[^1].Done);
        }

        // Every read model at once, in one pass.
        var touched = new HashSet<(string, string)>();
        foreach (var (_, table, damaged, field, deleted) in damages)
            if (touched.Add((table, damaged)) & touched.Add((table, deleted))) await DamageAsync(table, damaged, field, deleted);
        var events = await store.RebuildAsync(null, null);
        Assert.True(events > 2 * CaseSnapshot.Interval);
        foreach (var table in tables) AssertSame(live[table], await server.DocumentsAsync(table));
    }

    [Fact]
    public async Task commands_go_on_after_a_rebuild_with_the_expected_version_and_an_unbroken_chain()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "collect-evidence", Evidence(staff));
        await using (var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null }))
            await store.RebuildAsync(null, null);

        var current = (long)(await server.SummaryAsync(caseId))["version"]!;
        await server.AssertRefusedAsync(caseId, "collect-evidence", Evidence(staff), "concurrency-conflict", 409,
            headers: ("If-Match", (current - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var answer = await (await server.CommandAsync(caseId, "collect-evidence", Evidence(staff),
            headers: ("If-Match", current.ToString(System.Globalization.CultureInfo.InvariantCulture)))).AssertOkAsync();
        Assert.Equal(current + 1, (long)answer["version"]!);
        Assert.Equal(current + 1, (long)(await server.SummaryAsync(caseId))["version"]!);
        // The next command chained onto the hash the rebuilt case file keeps.
        Assert.DoesNotContain((await server.AuditAsync(caseId)).FindingsOf(caseId), f => f.Kind == "chain-break");
    }

    private static object Evidence(AgencyStaff staff) =>
        new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

    /// <summary>Copies of the case's last evidence, chained as the command pipeline chains, each slice ending on a snapshot interval.</summary>
    private async Task ExtendWithEvidenceAsync(string caseId, string actor, long upTo)
    {
        for (var version = await server.VersionAsync(caseId) ?? 0; version < upTo;)
        {
            await using var session = server.Store.LightweightSession();
            session.LastModifiedBy = actor;
            var stream = await session.Events.FetchForWriting<CaseFile>(caseId);
            var sample = (await session.Events.FetchStreamAsync(caseId)).Select(e => e.Data).OfType<EvidenceCollected>().Last();
            var count = Math.Min(upTo - version, CaseSnapshot.Interval - version % CaseSnapshot.Interval);
            stream.AppendMany(Enumerable.Range(1, (int)count).Select(i => (object)(sample with { EvidenceId = $"X{version + i}" })));
            await EventChain.SealAsync(session, caseId, version, stream.Events, actor, server.Clock.GetCurrentInstant(), CancellationToken.None,
                stream.Aggregate?.ChainHash);
            await session.SaveChangesAsync();
            version += count;
        }
    }

    /// <summary>Damages the stored read model: only a real rebuild from the events repairs it.</summary>
    private async Task DamageAsync(string table, string damaged, string field, string deleted)
    {
        await server.ExecuteOneRowAsync($"update caseledger.{table} set data = jsonb_set(data, '{{{field}}}', 'null'::jsonb) where id = '{damaged}'");
        await server.ExecuteOneRowAsync($"delete from caseledger.{table} where id = '{deleted}'");
    }

    private static void AssertSame(Dictionary<string, string> live, Dictionary<string, string> rebuilt)
    {
        Assert.Equal(live.Keys.Order(), rebuilt.Keys.Order());
        Assert.All(live, document => Assert.Equal(document.Value, rebuilt[document.Key]));
    }

    private sealed class SynchronousProgress(List<(long Done, long Total)> reports) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => reports.Add(value);
    }
}
