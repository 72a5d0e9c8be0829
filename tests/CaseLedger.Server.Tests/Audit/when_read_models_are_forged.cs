using CaseLedger.Audit;
using CaseLedger.Domain.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Documents edited with SQL behind the engine's back (the events untouched): the audit projects every stream again with
/// the registered projections and names each document and field that differs; <c>caseledger rebuild</c> repairs them.
/// </summary>
public class when_read_models_are_forged(ServerFixture server, ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private async Task SqlAsync(string sql, params object[] parameters) =>
        await Superuser.ExecuteAsync(server.App.Services.GetRequiredService<NpgsqlDataSource>(), sql, parameters);

    private static List<Finding> Forgeries(IEnumerable<Finding> findings) => [.. findings.Where(f => f.Code == ReadModelCheck.Code)];

    private async Task RebuildAsync(string? by = null, IReadOnlyCollection<string>? readModels = null)
    {
        await using var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null });
        await store.RebuildAsync(readModels, null, by);
    }

    [Fact]
    public async Task a_rebuild_is_itself_recorded_who_rebuilt_what_and_when_and_auditors_see_it()
    {
        await server.StaffAsync();
        var before = (await (await server.Client().GetAsync("/api/audit/rebuilds")).AssertOkAsync()).AsArray().Count;
        await RebuildAsync("auditor-on-call", ["CaseFile"]);

        var rebuilds = (await (await server.Client().GetAsync("/api/audit/rebuilds")).AssertOkAsync()).AsArray();
        Assert.Equal(before + 1, rebuilds.Count);
        var rebuilt = rebuilds[^1]!;
        Assert.Equal("auditor-on-call", (string?)rebuilt["rebuiltBy"]);
        Assert.Equal(["CaseFile"], rebuilt["readModels"]!.AsArray().Select(n => (string?)n));
        Assert.Equal(server.Clock.GetCurrentInstant(), NodaTime.Text.InstantPattern.ExtendedIso.Parse((string)rebuilt["rebuiltAt"]!).Value);
        Assert.True((long)rebuilt["eventsRead"]! > 0);
        // A record like any other event: chained, on its actor, and no finding.
        var events = await server.App.Services.GetRequiredService<StoredLog>().ReadAsync(CaseLedger.Commands.StreamKeys.ReadModelRebuilds);
        Assert.Equal("auditor-on-call", events[^1].Actor);
        Assert.Empty(await server.AuditBothWaysAsync(CaseLedger.Commands.StreamKeys.ReadModelRebuilds));
    }

    [Fact]
    public async Task a_case_file_with_another_party_name_or_fine_is_found_by_both_audits_and_repaired_by_a_rebuild()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var proceeding = await server.ApplyForReconsiderationAsync(await server.PublishedCaseAsync(staff), await server.ReconsiderationBodyAsync(), "2025-03-20");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var clean = await server.AuditAsync();
        output.WriteLine($"Audit with read models: {clean.Events} events in {started.Elapsed.TotalMilliseconds:N0} ms.");
        Assert.Empty(Forgeries(clean.Findings));

        await SqlAsync($"update {Table("mt_doc_casefile")} set data = replace(data::text, '济南某食品有限公司', '某某空壳公司')::jsonb where id = $1", caseId);
        await SqlAsync($"update {Table("mt_doc_casefile")} set data = jsonb_set(data, '{{state,notice,proposedPenalties,0,amount}}', '30') where id = $1", caseId);
        await SqlAsync($"update {Table("mt_doc_reconsiderationfile")} set data = jsonb_set(data, '{{caseNumber}}', '\"伪造\"') where id = $1", proceeding);
        var findings = await server.AuditBothWaysAsync();
        foreach (var f in Forgeries(findings)) output.WriteLine($"{f.Stream}: {f.Message}");
        Assert.Contains(Forgeries(findings), f => f.Stream == caseId && f.Message.StartsWith($"CaseFile '{caseId}' differs from its events at $.state.", StringComparison.Ordinal)
            && f.Message.Contains(".name", StringComparison.Ordinal));
        Assert.Contains(Forgeries(findings), f => f.Stream == caseId && f.Message == $"CaseFile '{caseId}' differs from its events at $.state.notice.proposedPenalties[0].amount.");
        Assert.Contains(Forgeries(findings), f => f.Stream == proceeding && f.Message == $"ReconsiderationFile '{proceeding}' differs from its events at $.caseNumber.");
        Assert.All(Forgeries(findings), f => Assert.Contains(f.Stream, new[] { caseId, proceeding }));

        await RebuildAsync();
        Assert.Empty(Forgeries(await server.AuditBothWaysAsync()));
    }

    [Fact]
    public async Task a_forged_supervision_document_a_deleted_one_and_one_without_events_are_each_found()
    {
        var staff = await server.StaffAsync();
        var (forged, deleted) = (await server.NotifiedCaseAsync(staff, fine: 3_000m), await server.NotifiedCaseAsync(staff, fine: 4_000m));
        var invented = $"{forged}-invented";
        var supervision = Table("mt_doc_casesupervision");
        await SqlAsync($"update {supervision} set data = jsonb_set(data, '{{version}}', '99') where id = $1", forged);
        await SqlAsync($"delete from {supervision} where id = $1", deleted);
        await SqlAsync($"""
            insert into {supervision}
            select (jsonb_populate_record(null::{supervision}, to_jsonb(d) || jsonb_build_object('id', $2::text))).* from {supervision} d where id = $1
            """, forged, invented);

        var findings = Forgeries(await server.AuditBothWaysAsync());
        Assert.Contains(findings, f => f.Stream == forged && f.Message == $"CaseSupervision '{forged}' differs from its events at $.version.");
        Assert.Contains(findings, f => f.Stream == deleted && f.Message == $"CaseSupervision '{deleted}' is missing: its events give one.");
        Assert.Contains(findings, f => f.Stream == invented && f.Message == $"CaseSupervision '{invented}' is stored, but no stored event gives it.");
        // Changed past the counters' triggers, but the invented copy takes the deleted case's place in every figure they keep
        // (the same stage and days, in the same month): the agency's figures still agree with its documents.
        Assert.Equal(3, findings.Count);

        await RebuildAsync();
        Assert.Empty(Forgeries(await server.AuditBothWaysAsync()));
    }

    [Fact]
    public async Task a_column_the_feed_and_the_board_read_changed_apart_from_its_json_is_found_and_repaired_by_a_rebuild()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 3_000m);
        var supervision = Table("mt_doc_casesupervision");
        // The case's events sent to another agency's integrators, and the case off its board's order: the JSON left as it was.
        await SqlAsync($"update {supervision} set agency_id = 'another-agency', next_due_day = next_due_day + 400 where id = $1", caseId);

        var findings = Forgeries(await server.AuditBothWaysAsync());
        Assert.Contains(findings, f => f.Stream == caseId && f.Message == $"CaseSupervision '{caseId}' differs from its events in its column agency_id.");
        Assert.Contains(findings, f => f.Stream == caseId && f.Message == $"CaseSupervision '{caseId}' differs from its events in its column next_due_day.");

        await RebuildAsync();
        Assert.Empty(Forgeries(await server.AuditBothWaysAsync()));
    }

    [Fact]
    public async Task the_comparison_rate_is_logged()
    {
        var staff = await server.StaffAsync();
        for (var i = 0; i < 20; i++) await server.NotifiedCaseAsync(staff, fine: 1_000m + i);
        var store = server.App.Services.GetRequiredService<Marten.IDocumentStore>();
        var serializer = store.Options.Serializer();
        var streams = (await server.App.Services.GetRequiredService<StoredLog>().ReadAsync())
            .Where(e => !e.Archived && EventCatalog.TypeOf(e.Type) is not null)
            .GroupBy(e => e.Stream)
            .Select(g => (g.Key, (IReadOnlyList<JasperFx.Events.IEvent>)[.. g.Select(e => ReadModels.EventOf(
                serializer.FromJson(EventCatalog.TypeOf(e.Type)!, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(e.DataJson))),
                e.Stream, e.Version, e.Sequence, e.Timestamp.ToDateTimeOffset(), e.Actor, e.ChainHash))]))
            .ToList();
        var events = streams.Sum(s => s.Item2.Count);
        // The second run is the one quoted: the first also compiles the folds and serializers.
        for (var run = 1; run <= 2; run++)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            var findings = await server.App.Services.GetRequiredService<ReadModelCheck>().CheckAsync(streams, null, CancellationToken.None);
            var elapsed = started.Elapsed;
            output.WriteLine($"Run {run}: read models compared, {events} events of {streams.Count} streams in {elapsed.TotalMilliseconds:N0} ms ({events / elapsed.TotalSeconds:N0} events/s).");
            Assert.Empty(findings);
        }
    }

    private string Table(string name) => server.App.Services.GetRequiredService<StoredLog>().Table(name);
}
