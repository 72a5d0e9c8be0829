using CaseLedger.Access;
using CaseLedger.Commands;
using CaseLedger.Domain.Assessments;
using CaseLedger.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Wolverine;

namespace CaseLedger.Server.Tests.Assessment;

/// <summary>
/// A third party's assessment of an agency (评议考核可以委托第三方, 山东省行政执法监督条例 Art. 16) over HTTP: the city's legal affairs
/// office records it for 2025, and the agency's assessment of 2025 shows it. The fake clock stands at 2026-03-02.
/// </summary>
public class when_a_third_party_assesses_an_agency_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object Record(string agency, SupervisingOrgan organ, object period, char report = 'e', string? officer = null) => new
    {
        agency, officer, assessor = "山东某法治评估研究院", score = 86.5, grade = "good", findings = "执法程序总体规范；裁量说理不足",
        reportSha256 = new string(report, 64), assessedOn = "2026-02-16", supervisors = organ.Supervisors, body = organ.OrganId,
        year = period.GetType().GetProperty("year")?.GetValue(period), quarter = period.GetType().GetProperty("quarter")?.GetValue(period),
    };

    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    [Fact]
    public async Task the_offices_staff_record_it_once_and_the_agencys_assessment_of_the_period_shows_it_art_16()
    {
        var (staff, stranger) = (await server.NewStaffAsync(), await server.NewStaffAsync());
        var organ = await server.SupervisingOrganAsync();
        var office = server.Client(organ.TokenOf(organ.Head));
        // The agency assessed does not record its own assessment; another agency does not either.
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025 })))
            .AssertProblemAsync(403, "forbidden");
        await (await server.Client(stranger.TokenOf(stranger.Head)).PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025 })))
            .AssertProblemAsync(403, "forbidden");

        var recorded = await (await office.PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025 }))).AssertOkAsync(201);
        var id = (string)recorded["assessmentId"]!;
        Assert.Equal(("2025-01-01", "2025-12-31"), ((string?)recorded["events"]![0]!["data"]!["periodFrom"], (string?)recorded["events"]![0]!["data"]!["periodTo"]));

        // The same assessor, agency and period again: the same request appends nothing; another report is refused, and appends nothing.
        var again = await office.PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025 }));
        Assert.True(again.IsSuccessStatusCode, $"{(int)again.StatusCode}: {await again.Content.ReadAsStringAsync()}");
        await (await office.PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025 }, report: 'f')))
            .AssertProblemAsync(409, "assessment-already-recorded");
        Assert.Equal(1, await VersionOf(id));
        // A period not over on the day of the assessment; an officer of another agency.
        await (await office.PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2026, quarter = 1 })))
            .AssertProblemAsync(422, "assessment-period-not-over");
        await (await office.PostJsonAsync("/api/third-party-assessments", Record(staff.AgencyId, organ, new { year = 2025, quarter = 4 }, officer: stranger.Investigator1)))
            .AssertProblemAsync(400, "validation-failed");
        var officers = await (await office.PostJsonAsync("/api/third-party-assessments",
            Record(staff.AgencyId, organ, new { year = 2025, quarter = 4 }, officer: staff.Investigator1))).AssertOkAsync(201);

        // The agency's assessment of 2025 shows both; of the first quarter of 2026, none. The office and the agency read the record.
        var year = await (await server.Client(staff.TokenOf(staff.Head)).GetAsync($"/api/agencies/{staff.AgencyId}/assessment?year=2025")).AssertOkAsync();
        var shown = year["thirdParty"]!.AsArray();
        Assert.Equal([id, (string)officers["assessmentId"]!], shown.Select(x => (string?)x!["assessmentId"]));
        Assert.Equal(("山东某法治评估研究院", 86.5m, "good", null), ((string?)shown[0]!["assessor"], (decimal)shown[0]!["score"]!, (string?)shown[0]!["grade"], (string?)shown[0]!["officerId"]));
        Assert.Equal(staff.Investigator1, (string?)shown[1]!["officerId"]);
        Assert.Empty((await server.GetAsync($"/api/agencies/{staff.AgencyId}/assessment?year=2026&quarter=1"))["thirdParty"]!.AsArray());
        await (await server.Client(staff.TokenOf(staff.Head)).GetAsync($"/api/third-party-assessments/{id}")).AssertOkAsync();
        await (await office.GetAsync($"/api/third-party-assessments/{id}")).AssertOkAsync();
        await (await server.Client(stranger.TokenOf(stranger.Head)).GetAsync($"/api/third-party-assessments/{id}")).AssertProblemAsync(403, "forbidden");
        Assert.Empty(await server.AuditBothWaysAsync(id));
    }

    [Fact]
    public async Task an_office_that_does_not_supervise_the_agency_records_no_assessment_of_it_art_4()
    {
        var staff = await server.NewStaffAsync();
        var otherLine = await server.SupervisingOrganAsync(domain: "ecology-environment");
        await (await server.Client(otherLine.TokenOf(otherLine.Head)).PostJsonAsync("/api/third-party-assessments",
            Record(staff.AgencyId, otherLine, new { year = 2025 }))).AssertProblemAsync(422, "not-supervising-organ");
    }

    [Fact]
    public async Task a_record_under_another_id_than_its_agency_period_and_assessor_name_is_refused_art_16()
    {
        var staff = await server.NewStaffAsync();
        var organ = await server.SupervisingOrganAsync();
        var actor = await server.App.Services.GetRequiredService<TokenResolver>().ResolveAsync(organ.TokenOf(organ.Head), CancellationToken.None);
        var bus = server.App.Services.GetRequiredService<IMessageBus>();
        var record = new RecordThirdPartyAssessment(staff.AgencyId, "山东某法治评估研究院", new LocalDate(2026, 2, 16), "程序规范", new string('e', 64),
            [organ.Supervisor1, organ.Supervisor2], Year: 2025, Score: 80m, Body: organ.OrganId);
        // Through the bus, past the endpoint that names the stream: a second stream for the same assessment is not opened.
        var elsewhere = StreamKeys.NewCaseId();
        Assert.Equal("validation-failed", (await bus.InvokeAsync<CommandResult>(new RunCommand(elsewhere, record, actor!))).Refusal?.Code);
        Assert.Equal(0, await VersionOf(elsewhere));
        var named = StreamKeys.NameBased(ThirdPartyAssessment.KeyOf(record)!);
        Assert.Null((await bus.InvokeAsync<CommandResult>(new RunCommand(named, record, actor!))).Refusal);
    }
}
