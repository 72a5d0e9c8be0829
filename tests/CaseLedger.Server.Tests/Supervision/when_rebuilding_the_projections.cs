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

        var settings = new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null };
        await using var store = await CaseLedgerStore.OpenAsync(settings);
        Assert.Contains("CaseSupervision", store.ProjectionNames);
        Assert.Contains("CaseFile", store.ProjectionNames);

        foreach (var (projection, table) in new[] { ("CaseSupervision", "mt_doc_casesupervision"), ("CaseFile", "mt_doc_casefile") })
        {
            var live = await DocumentsAsync(table);
            Assert.NotEmpty(live);
            // Damage the stored read model: only a real rebuild from the events repairs it.
            await ExecuteAsync($"update caseledger.{table} set data = jsonb_set(data, '{{state}}', 'null'::jsonb) where id = '{suspended}'");
            await ExecuteAsync($"delete from caseledger.{table} where id = '{missed}'");
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
