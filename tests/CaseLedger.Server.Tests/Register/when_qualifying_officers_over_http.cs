using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Register;

/// <summary>
/// The officers' qualification cycle over HTTP (山东省行政执法监督条例 Arts. 10, 11; Outline item 24): training and examination on the
/// register, the certificate after a passed examination, the presider certificate checked at the hearing, review and withdrawal.
/// </summary>
public class when_qualifying_officers_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object PresiderCertificate(string id) => new { number = $"TZ-{id}", domain = "hearing", kind = "presider", validFrom = "2024-12-01", validTo = "2027-12-31" };

    [Fact]
    public async Task a_presider_trained_and_examined_is_certified_and_only_then_presides_arts_10_11()
    {
        var staff = await server.NewStaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        var (presider, _) = await server.OfficerAsync(staff.AgencyId, roles: ["hearing-presider", "enforcement-officer"], certified: false);
        var schedule = new { hearingOn = CaseDates.Hearing, presiderId = presider, noticeServedOn = CaseDates.HearingNoticeServed, place = "第一听证室" };
        await server.AssertRefusedAsync(caseId, "schedule-hearing", schedule, "officer-not-certified");

        var admin = server.Client();
        await (await admin.PostJsonAsync($"/api/officers/{presider}/certificates", PresiderCertificate(presider))).AssertProblemAsync(422, "examination-required");
        await (await admin.PostJsonAsync($"/api/officers/{presider}/training", new { course = "行政处罚法与听证程序", hours = 40, completedOn = "2024-10-15" })).AssertOkAsync();
        await (await admin.PostJsonAsync($"/api/officers/{presider}/examinations", new { kind = "presider", domain = "hearing", takenOn = "2024-11-20", passed = true, score = 86 })).AssertOkAsync();
        await (await admin.PostJsonAsync($"/api/officers/{presider}/certificates", PresiderCertificate(presider))).AssertProblemAsync(422, "training-hours-insufficient");
        await (await admin.PostJsonAsync($"/api/officers/{presider}/training", new { course = "执法伦理", hours = 24, completedOn = "2024-11-01" })).AssertOkAsync();
        var issued = await (await admin.PostJsonAsync($"/api/officers/{presider}/certificates", PresiderCertificate(presider))).AssertOkAsync();
        Assert.Equal("certificate_issued", (string?)issued["events"]![0]!["type"]);

        await server.OkAsync(caseId, "schedule-hearing", schedule);
        var officer = await (await admin.GetAsync($"/api/officers/{presider}")).AssertOkAsync();
        Assert.Equal(2, officer["training"]!.AsArray().Count);
        Assert.True((bool)officer["examinations"]![0]!["passed"]!);
    }

    [Theory]
    [InlineData("contract")]
    [InlineData("dispatched")]
    [InlineData("seconded")]
    public async Task contract_dispatched_and_seconded_staff_are_never_certified_art_10(string employment)
    {
        var agency = await server.AgencyAsync();
        var id = ServerFixture.Unique("officer");
        await (await server.Client().PostJsonAsync("/api/officers", new
        {
            officerId = id, name = "赵敏", agencyId = agency, roles = new[] { "enforcement-officer" }, legalProfessionalQualification = false, employment,
        })).AssertOkAsync(201);
        await (await server.Client().PostJsonAsync($"/api/officers/{id}/certificates", new
        {
            number = $"SD-{id}", domain = RegisterScenarios.Domain, validFrom = "2024-01-01", validTo = "2027-12-31", importedFrom = RegisterScenarios.ImportedFrom,
        })).AssertProblemAsync(422, "certificate-not-allowed");
    }

    [Fact]
    public async Task auxiliary_staff_are_never_certified_outline_item_24()
    {
        var agency = await server.AgencyAsync();
        var (auxiliary, _) = await server.OfficerAsync(agency, roles: ["auxiliary"], certified: false);
        await (await server.Client().PostJsonAsync($"/api/officers/{auxiliary}/certificates", new
        {
            number = $"SD-{auxiliary}", domain = RegisterScenarios.Domain, validFrom = "2024-01-01", validTo = "2027-12-31", importedFrom = RegisterScenarios.ImportedFrom,
        })).AssertProblemAsync(422, "certificate-not-allowed");
    }

    [Fact]
    public async Task a_failed_periodic_review_withdraws_the_certificate_art_10()
    {
        var agency = await server.AgencyAsync();
        var (officer, _) = await server.OfficerAsync(agency);
        var reviewed = await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates/SD-{officer}/review",
            new { reviewedOn = "2025-06-02", passed = false, note = "年度考核不合格" })).AssertOkAsync();
        Assert.Equal(["certificate_reviewed", "certificate_revoked"], reviewed["events"]!.AsArray().Select(e => (string)e!["type"]!));

        async Task<bool> Certified(string on) =>
            (bool)(await (await server.Client().GetAsync($"/api/officers/{officer}/certification?domain={RegisterScenarios.Domain}&on={on}")).AssertOkAsync())["certified"]!;
        Assert.True(await Certified("2025-06-01"));
        Assert.False(await Certified("2025-06-02"));
        await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates/SD-{officer}/review",
            new { reviewedOn = "2025-07-01", passed = true, note = "复查" })).AssertProblemAsync(422, "wrong-stage");
    }

    [Fact]
    public async Task only_an_administrator_records_training_and_examinations()
    {
        var staff = await server.StaffAsync();
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync($"/api/officers/{staff.Investigator1}/training",
            new { course = "x", hours = 100, completedOn = "2024-10-15" })).AssertProblemAsync(403, "forbidden");
        await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync($"/api/officers/{staff.Head}/examinations",
            new { kind = "enforcement", domain = RegisterScenarios.Domain, takenOn = "2024-11-20", passed = true })).AssertProblemAsync(403, "forbidden");
    }
}
