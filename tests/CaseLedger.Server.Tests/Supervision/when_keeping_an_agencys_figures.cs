using CaseLedger.Audit;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Supervision;
using CaseLedger.Tests.Shared;
using CaseLedger.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Npgsql;

namespace CaseLedger.Server.Tests.Supervision;

/// <summary>
/// The agency figures are counters kept as the supervision documents change (<see cref="AgencyFigureCounts"/>). Each figure
/// must equal what counting every document of the agency gives (<see cref="AgencyFiguresReference"/>, the query the
/// figures were read with before): through a random mix of cases and proceedings, on several days, after the sweep; a
/// forged or deleted counter is found by the audit and mended by <c>caseledger rebuild</c>.
/// </summary>
[Collection(SupervisionCollection.Name)]
public class when_keeping_an_agencys_figures(ServerFixture server)
{
    private AgencyFiguresQuery Counters => server.App.Services.GetRequiredService<AgencyFiguresQuery>();

    private AgencyFiguresReference Reference =>
        new(server.App.Services.GetRequiredService<NpgsqlDataSource>(), server.App.Services.GetRequiredService<IDocumentStore>());

    private string Table => new AgencyFigureCounts(server.App.Services.GetRequiredService<IDocumentStore>()).Table;

    private async Task AssertAsReferenceAsync(string agencyId, params string[] days)
    {
        foreach (var day in days)
        {
            var today = SupervisionScenarios.Date(day);
            Assert.Equivalent(await Reference.ForAsync(agencyId, today, CancellationToken.None), await Counters.ForAsync(agencyId, today, CancellationToken.None), strict: true);
        }
    }

    /// <summary>Cases of every kind, filed on Mondays over five months, and linked proceedings on the agency's published decisions.</summary>
    private async Task<AgencyStaff> RandomAgencyAsync(int seed, int cases)
    {
        var staff = await server.NewStaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var random = new Random(seed);
        string[] mondays = ["2025-10-13", "2025-11-10", "2025-12-08", "2026-01-12", "2026-02-09", "2026-02-16"];
        for (var i = 0; i < cases; i++)
        {
            var on = mondays[random.Next(mondays.Length)];
            switch (random.Next(6))
            {
                case 0:
                    server.On(on);
                    await server.LeadAsync(staff, discoveredOn: on);
                    break;
                case 1:
                    await server.ConcludedCaseAsync(staff, 1_000m + i, on);
                    break;
                case 2:
                    // Owes a handling decision within 7 working days (Art. 56): missed once the sweep passes it.
                    await server.PreservedCaseAsync(staff, on);
                    break;
                case 3:
                    var noticed = await server.ConcludedCaseAsync(staff, 2_000m + i, on);
                    await server.NoticeAsync(staff, noticed, 2_000m + i, on: SupervisionScenarios.Date(on).PlusDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case 4:
                    // Decided and published (filed 2025-01-08): a decision to count, and one in two contested.
                    server.On("2026-03-02");
                    var published = await server.PublishedCaseAsync(staff);
                    if (random.Next(2) == 0)
                    {
                        var reconsideration = await server.RepliedReconsiderationAsync(published, body);
                        var revoke = random.Next(2) == 0;
                        await server.RemedyOkAsync("reconsiderations", reconsideration, "decide", revoke
                            ? (object)new { type = "revoke", grounds = new[] { "facts-unclear" }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "认定事实不清", staff = new[] { body.Staff1, body.Staff2 } }
                            : new { type = "uphold", grounds = new[] { "lawful" }, decidedBy = body.Head, decidedOn = "2026-02-26", staff = new[] { body.Staff1, body.Staff2 } });
                    }
                    break;
                default:
                    server.On("2026-03-02");
                    var sued = await server.PublishedCaseAsync(staff);
                    var suit = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
                    {
                        caseId = sued,
                        court = "济南市历下区人民法院",
                        plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
                        knewOn = "2025-01-29",
                        filedOn = "2025-07-01",
                        complaintReceivedOn = "2025-07-08",
                        staff = new[] { staff.Investigator1 },
                    })).AssertOkAsync(201);
                    await server.RemedyOkAsync("litigations", (string)suit["litigationId"]!, "record-judgment", new
                    {
                        outcome = random.Next(2) == 0 ? "partly-lost" : "won", judgedOn = "2026-01-20", receivedOn = "2026-01-22",
                        judgmentSha256 = CaseScenarios.Hash, staff = new[] { staff.Investigator1 },
                    });
                    break;
            }
        }
        return staff;
    }

    [Fact]
    public async Task every_figure_equals_the_count_over_the_agencys_documents_through_a_random_scenario()
    {
        var staff = await RandomAgencyAsync(seed: 21, cases: 24);
        await AssertAsReferenceAsync(staff.AgencyId, "2025-10-01", "2026-01-13", "2026-02-20", "2026-03-02", "2026-06-30");

        // The sweep records the missed deadlines: the counters follow.
        server.On("2026-03-02");
        await server.SweepAsync();
        await AssertAsReferenceAsync(staff.AgencyId, "2026-03-02", "2027-01-01");
        var figures = await Counters.ForAsync(staff.AgencyId, SupervisionScenarios.Date("2026-03-02"), CancellationToken.None);
        Assert.True(figures.Cases >= 24);
        Assert.True(figures.DeadlinesMissed > 0);
        Assert.True(figures.FilingToDecisionDays.Decided > 0);
        Assert.True(figures.Correction.Decisions + figures.LitigationLoss.Judgments > 0);

        // The months add up to the whole (a lead, never filed, is in no month).
        var trend = await Counters.TrendAsync(staff.AgencyId, SupervisionScenarios.Date("2026-03-02"), AgencyFiguresQuery.MaxMonths, CancellationToken.None);
        Assert.Equal(figures.Cases - figures.ByStage[Domain.Penalty.CaseStage.Lead], trend.Months.Sum(m => m.CasesFiled));
        Assert.Equal(figures.CasesWithMissedDeadlines, trend.Months.Sum(m => m.CasesWithMissedDeadlines));
        Assert.Equal(figures.DeadlinesMissed, trend.Months.Sum(m => m.DeadlinesMissed));
        Assert.Equal(figures.DecisionsRevoked, trend.Months.Sum(m => m.DecisionsRevoked));
        Assert.Equal(figures.FilingToDecisionDays.Decided, trend.Months.Sum(m => m.FilingToDecisionDays.Decided));
        Assert.Equal(figures.Correction.Decisions, trend.Months.Sum(m => m.Correction.Decisions));
        Assert.Equal(figures.Correction.Corrected, trend.Months.Sum(m => m.Correction.Corrected));
        Assert.Equal(figures.LitigationLoss.Judgments, trend.Months.Sum(m => m.LitigationLoss.Judgments));
        Assert.Equal(figures.LitigationLoss.Lost, trend.Months.Sum(m => m.LitigationLoss.Lost));
        Assert.DoesNotContain(await server.AuditBothWaysAsync(), f => f.Stream == ReadModelCheck.CountersStream + staff.AgencyId);
    }

    [Fact]
    public async Task the_trend_counts_each_case_in_the_month_it_was_filed_and_each_outcome_in_its_month()
    {
        var staff = await server.NewStaffAsync();
        var missed = await server.PreservedCaseAsync(staff, on: "2026-01-12");
        await server.ConcludedCaseAsync(staff, 1_000m, on: "2026-01-12");
        await server.ConcludedCaseAsync(staff, 1_000m, on: "2026-02-09");
        server.On("2026-03-02");
        await server.SweepAsync();
        Assert.NotEmpty(await server.EventsOfTypeAsync(missed, "deadline_missed"));

        var trend = (await Counters.TrendAsync(staff.AgencyId, SupervisionScenarios.Date("2026-03-02"), AgencyFiguresQuery.DefaultMonths, CancellationToken.None)).Months;
        Assert.Equal(12, trend.Count);
        Assert.Equal(("2025-04", "2026-03"), (trend[0].Month, trend[^1].Month));
        var january = trend.Single(m => m.Month == "2026-01");
        Assert.Equal((2, 1, 0.5), (january.CasesFiled, january.CasesWithMissedDeadlines, january.MissedRate));
        var february = trend.Single(m => m.Month == "2026-02");
        Assert.Equal((1, 0, 0.0), (february.CasesFiled, february.CasesWithMissedDeadlines, february.MissedRate));
        Assert.All(trend.Where(m => m.Month is not ("2026-01" or "2026-02")), m => Assert.Equal((0, (double?)null), (m.CasesFiled, m.MissedRate)));

        // Over HTTP, the months asked for, up to the clock's month.
        var answer = await server.GetOkAsync($"/api/agencies/{staff.AgencyId}/figures/trend?months=3");
        Assert.Equal(["2026-01", "2026-02", "2026-03"], answer["months"]!.AsArray().Select(m => (string?)m!["month"]));
        Assert.Equal(2, (int)answer["months"]![0]!["casesFiled"]!);
        await (await server.Client().GetAsync($"/api/agencies/{staff.AgencyId}/figures/trend?months=0")).AssertProblemAsync(400, "validation-failed");
        await (await server.Client().GetAsync("/api/agencies/no-such-agency/figures/trend")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task a_forged_or_deleted_counter_is_found_by_the_audit_and_mended_by_a_rebuild()
    {
        var staff = await RandomAgencyAsync(seed: 7, cases: 6);
        var today = SupervisionScenarios.Date("2026-03-02");
        var before = await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None);
        var dataSource = server.App.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(1, await Superuser.ExecuteAsync(dataSource,
            $"update {Table} set count = count + 5 where (agency_id, source, figure, month, value, shard) = (select agency_id, source, figure, month, value, shard from {Table} where agency_id = $1 and figure = 'cases' limit 1)",
            staff.AgencyId));
        Assert.True(await Superuser.ExecuteAsync(dataSource, $"delete from {Table} where agency_id = $1 and figure like 'stage:%'", staff.AgencyId) > 0);
        Assert.NotEqual(before.Cases, (await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None)).Cases);

        var findings = (await server.AuditBothWaysAsync()).Where(f => f.Stream == ReadModelCheck.CountersStream + staff.AgencyId).ToList();
        Assert.Contains(findings, f => f.Code == ReadModelCheck.Code && f.Message.StartsWith($"AgencyFigures of '{staff.AgencyId}': cases ", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Message.StartsWith($"AgencyFigures of '{staff.AgencyId}': stage:", StringComparison.Ordinal));

        await using (var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null }))
            await store.RebuildAsync([AgencyFigureCounts.Name], null);
        Assert.Equivalent(before, await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None), strict: true);
        await AssertAsReferenceAsync(staff.AgencyId, "2026-03-02");
        Assert.DoesNotContain(await server.AuditBothWaysAsync(), f => f.Stream.StartsWith(ReadModelCheck.CountersStream, StringComparison.Ordinal));

        // A full rebuild deletes and writes every document again: the counters end where they were.
        await using (var store = await CaseLedgerStore.OpenAsync(new CaseLedgerSettings(server.ConnectionString, server.Clock) { DeadlineSweepInterval = null }))
            await store.RebuildAsync(null, null);
        Assert.Equivalent(before, await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None), strict: true);
    }

    [Fact]
    public async Task a_write_while_a_rebuild_holds_the_gate_is_left_to_the_rebuilds_recount()
    {
        var staff = await RandomAgencyAsync(seed: 11, cases: 3);
        var today = SupervisionScenarios.Date("2026-03-02");
        var before = await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None);
        var store = server.App.Services.GetRequiredService<IDocumentStore>();
        await using var gate = await server.App.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await using (var rebuilding = await gate.BeginTransactionAsync())
        {
            // As a rebuild does: the gate held, documents written meanwhile (here a new case's) are not counted one by one...
            await RebuildGate.HoldAsync(gate, rebuilding, store.Options.DatabaseSchemaName, CancellationToken.None);
            server.On("2026-03-02");
            await server.LeadAsync(staff, discoveredOn: "2026-03-02");
            Assert.Equivalent(before, await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None), strict: true);
            // ...but all at once by its recount, before the gate opens.
            await new AgencyFigureCounts(store).RecountAsync(gate, rebuilding, CancellationToken.None);
            await rebuilding.CommitAsync();
        }
        Assert.Equal(before.Cases + 1, (await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None)).Cases);
        await AssertAsReferenceAsync(staff.AgencyId, "2026-03-02");

        // Once the gate is open, each write counts again.
        await server.LeadAsync(staff, discoveredOn: "2026-03-02");
        Assert.Equal(before.Cases + 2, (await Counters.ForAsync(staff.AgencyId, today, CancellationToken.None)).Cases);
        await AssertAsReferenceAsync(staff.AgencyId, "2026-03-02");
    }
}
