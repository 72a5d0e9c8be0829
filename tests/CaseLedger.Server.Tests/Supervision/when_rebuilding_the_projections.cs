using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
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
        // Linked proceedings: the suit's document reads its case's agency, the petition's its registering officer's.
        var suit = (string)(await (await server.Client().PostJsonAsync("/api/litigations", new
        {
            caseId = await server.PublishedCaseAsync(staff),
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["litigationId"]!;
        var petition = (string)(await (await server.Client().PostJsonAsync("/api/petitions", new
        {
            petitioner = new { kind = "citizen", name = "王某", idNumber = "370102199001011234" },
            subject = "反映执法人员态度问题",
            lodgedOn = "2026-03-20",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201))["petitionId"]!;

        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null };
        await using var store = await CaseLedgerStore.OpenAsync(settings);
        Assert.Contains("CaseFile", store.ProjectionNames);
        Assert.Contains("RemedySupervision", store.ProjectionNames);

        foreach (var (projection, table, damaged, field, deleted) in new[]
        {
            // What supervisors see of a case is written with its case file.
            ("CaseFile", "mt_doc_casesupervision", suspended, "deadlines", missed),
            ("CaseFile", "mt_doc_casefile", suspended, "state", missed),
            ("RemedySupervision", "mt_doc_remedysupervision", suit, "agencyId", petition),
        })
        {
            var live = await DocumentsAsync(table);
            Assert.NotEmpty(live);
            // Damage the stored read model: only a real rebuild from the events repairs it.
            await ExecuteAsync($"update caseledger.{table} set data = jsonb_set(data, '{{{field}}}', 'null'::jsonb) where id = '{damaged}'");
            await ExecuteAsync($"delete from caseledger.{table} where id = '{deleted}'");
            var reports = new List<(long Done, long Total)>();
            await store.RebuildAsync(projection, new SynchronousProgress(reports));
            var rebuilt = await DocumentsAsync(table);
            Assert.Equal(live.Keys.Order(), rebuilt.Keys.Order());
            Assert.All(live, document => Assert.Equal(document.Value, rebuilt[document.Key]));
            Assert.Equal(reports[^1].Total, reports[^1].Done);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<Dictionary<string, string>> DocumentsAsync(string table)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"select id, data::text from caseledger.{table}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var documents = new Dictionary<string, string>();
        while (await reader.ReadAsync()) documents[reader.GetString(0)] = reader.GetString(1);
        return documents;
    }

    private sealed class SynchronousProgress(List<(long Done, long Total)> reports) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value) => reports.Add(value);
    }
}
