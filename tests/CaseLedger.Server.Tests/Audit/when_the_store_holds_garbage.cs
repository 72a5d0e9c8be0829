using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Whatever is stored, the audit finishes and lists it: every event of a case given every type CaseLedger
/// knows and some it does not, data that does not fit, dates and versions out of range. The CLI and HTTP
/// audits agree, neither crashes nor answers 5xx; each change is a finding at the event changed.
/// </summary>
public class when_the_store_holds_garbage(ServerFixture server) : IClassFixture<ServerFixture>
{
    private StoredLog Log => server.App.Services.GetRequiredService<StoredLog>();

    /// <summary>As a superuser would: past the append-only guard of the event table.</summary>
    private async Task SqlAsync(string sql, params object[] parameters) =>
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(),
            sql.Replace("mt_events", Log.Table("mt_events"), StringComparison.Ordinal), parameters);

    private async Task<string> CaseAsync()
    {
        var staff = await server.StaffAsync();
        return await server.NotifiedCaseAsync(staff, fine: 3_000m);
    }

    /// <summary>Changes one event, audits both ways, puts the row back; the change must be found at that event.</summary>
    private async Task FoundAsync(string caseId, long version, string set, params object[] values)
    {
        await SqlAsync("create table if not exists kept as select * from mt_events where false");
        await SqlAsync("insert into kept select * from mt_events where stream_id = $1 and version = $2", caseId, version);
        await SqlAsync($"update mt_events set {set} where stream_id = $1 and version = $2", [caseId, version, .. values]);
        try
        {
            var findings = await server.AuditBothWaysAsync();
            Assert.True(findings.Any(f => f.Stream == caseId && f.Version is { } v && (v == version || v == version + 1)),
                $"No finding at {caseId} v{version} after 'set {set}': {string.Join("; ", findings)}");
        }
        finally
        {
            await SqlAsync("delete from mt_events where id in (select id from kept)");
            await SqlAsync("insert into mt_events select * from kept");
            await SqlAsync("delete from kept");
        }
    }

    [Fact]
    public async Task any_known_or_unknown_type_is_found_without_a_crash()
    {
        var caseId = await CaseAsync();
        var stored = await Log.ReadAsync(caseId);
        string[] types = [.. EventCatalog.All.Select(EventCatalog.StoredName), "no_such_event", "tombstone", ""];
        for (var i = 0; i < types.Length; i++)
        {
            var e = stored[i % stored.Count];
            if (types[i] != e.Type) await FoundAsync(caseId, e.Version, "type = $3", types[i]);
        }
    }

    [Theory]
    [InlineData("data = '[]'::jsonb")]
    [InlineData("data = 'null'::jsonb")]
    [InlineData("data = '\"x\"'::jsonb")]
    [InlineData("data = '{}'::jsonb")]
    [InlineData("data = data || '{\"caseId\": 5}'::jsonb")]
    [InlineData("data = data || '{\"officers\": {\"a\": 1}}'::jsonb")]
    [InlineData("data = data || '{\"servedOn\": \"2025-13-45\", \"filedOn\": \"0001-01-01\", \"concludedOn\": \"9999-12-31\"}'::jsonb")]
    [InlineData("data = data || '{\"proposedPenalties\": [{\"kind\": \"fine\", \"amount\": 1e300}]}'::jsonb")]
    [InlineData("timestamp = 'infinity'")]
    [InlineData("timestamp = '-infinity'")]
    [InlineData("timestamp = '4713-01-01 BC'")]
    [InlineData("timestamp = '294276-12-31'")]
    [InlineData("version = 0")]
    [InlineData("version = -5")]
    [InlineData("version = 9223372036854775807")]
    [InlineData("user_name = repeat('x', 10000)")]
    [InlineData("headers = '{\"chainHash\": 7}'::jsonb")]
    [InlineData("headers = '[]'::jsonb")]
    public async Task data_dates_and_versions_that_do_not_fit_are_found_without_a_crash(string set)
    {
        var caseId = await CaseAsync();
        foreach (var version in new long[] { 1, 2, 5 })
            await FoundAsync(caseId, version, set);
    }

    [Theory]
    [InlineData("state?asOf=9999-12-31T23:59:59Z")]
    [InlineData("state?asOf=0001-01-01T00:00:00Z")]
    [InlineData("events?asOf=9999-12-31T23:59:59Z")]
    [InlineData("state?version=99999999999")]
    public async Task a_query_value_out_of_range_is_not_valid_rather_than_a_server_error(string query)
    {
        var caseId = await CaseAsync();
        await (await server.Client().GetAsync($"/api/cases/{caseId}/{query}")).AssertProblemAsync(400, "validation-failed");
    }
}
