using System.Globalization;
using System.Net;
using CaseLedger.Audit;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Ordinary clients never make the audit cry wolf: retries with one Idempotency-Key, writers racing with
/// If-Match and the conflicts they lose leave the audit of the whole store clean, by the CLI and over HTTP,
/// although Marten fills the sequence numbers of the commits that failed with tombstone rows.
/// </summary>
public class when_clients_retry_and_race(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Today = "2026-03-02";

    private static object Evidence(AgencyStaff staff, string description) =>
        new { kind = "inspection-record", description, officers = staff.Investigators, collectedOn = Today, mediaSha256 = CaseScenarios.Hash };

    private async Task<long> ScalarAsync(string sql)
    {
        var table = server.App.Services.GetRequiredService<StoredLog>().Table("mt_events");
        await using var command = server.App.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql.Replace("mt_events", table, StringComparison.Ordinal));
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private Task<long> TombstonesAsync() => ScalarAsync($"select count(*) from mt_events where stream_id = '{Tombstones.Stream}'");

    [Fact]
    public async Task sixteen_keyed_retries_and_sixteen_if_match_writers_racing_leave_a_clean_audit()
    {
        var staff = await server.StaffAsync();
        // A case of this week, so that the procedure has nothing to say about it either.
        var caseId = await server.LeadAsync(staff, discoveredOn: "2026-03-01", actEndedOn: "2026-02-27");
        await server.OkAsync(caseId, "file", new { filedOn = Today, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 });
        var before = await server.VersionAsync(caseId);
        var tombstonesBefore = await TombstonesAsync();

        var key = ("Idempotency-Key", $"race-{Guid.NewGuid():N}");
        var retries = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            server.CommandAsync(caseId, "collect-evidence", Evidence(staff, "现场检查笔录"), headers: key)));
        Assert.All(retries, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(before + 1, await server.VersionAsync(caseId));

        var current = (before + 1)!.Value.ToString(CultureInfo.InvariantCulture);
        var writers = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            server.CommandAsync(caseId, "collect-evidence", Evidence(staff, $"询问笔录 {i}"), headers: ("If-Match", current))));
        Assert.Single(writers, w => w.StatusCode == HttpStatusCode.OK);
        Assert.All(writers.Where(w => w.StatusCode != HttpStatusCode.OK), w => Assert.Equal(HttpStatusCode.Conflict, w.StatusCode));
        Assert.Equal(before + 2, await server.VersionAsync(caseId));

        // Signed at once: Marten writes its tombstones afterwards, below this checkpoint's settled mark; they are not leaves of the log.
        await server.App.Services.GetRequiredService<CheckpointService>().CreateAsync();
        // A race may be settled before any commit fails (the losers refused on reading the stream): raced again until one
        // commit failed and Marten filled its sequence number with a tombstone, the case the audit must not mistake for tampering.
        for (var round = 0; round < 10 && await TombstonesAsync() <= tombstonesBefore; round++)
        {
            var version = (await server.VersionAsync(caseId))!.Value.ToString(CultureInfo.InvariantCulture);
            var again = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
                server.CommandAsync(caseId, "collect-evidence", Evidence(staff, $"询问笔录 {round}-{i}"), headers: ("If-Match", version))));
            Assert.Single(again, w => w.StatusCode == HttpStatusCode.OK);
        }
        await Eventually.UntilAsync(TombstonesAsync, n => n > tombstonesBefore, "did Marten write a tombstone for a failed commit");

        Assert.Empty(await server.AuditBothWaysAsync());
    }

    [Fact]
    public void the_tombstone_stream_is_martens()
    {
        Assert.Equal(Tombstones.Stream, JasperFx.Events.Tombstone.StreamKey);
    }
}
