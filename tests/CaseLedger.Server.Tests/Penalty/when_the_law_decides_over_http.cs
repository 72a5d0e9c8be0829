using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Penalty;

/// <summary>
/// The corrected rules of issue #17 as users meet them over HTTP: the law in force at each step, a heavier notice only on
/// new facts, one fine per act, a late decision recorded with its reason, the decision limit as policy, the judiciary's
/// answer to a referral, the reviewer's start date and the party heard before an on-the-spot decision.
/// </summary>
public class when_the_law_decides_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static object File(AgencyStaff staff, string on) =>
        new { filedOn = on, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 };

    [Fact]
    public async Task the_5_year_limitation_needs_harm_and_an_act_from_2021_07_15_arts_36_37()
    {
        var staff = await server.StaffAsync();
        var oldAct = await server.LeadAsync(staff, actEndedOn: "2021-07-14", discoveredOn: "2024-01-02", category: "life-health", harmCaused: true);
        await server.AssertRefusedAsync(oldAct, "file", File(staff, "2024-01-03"), "limitation-expired");
        var newAct = await server.LeadAsync(staff, actEndedOn: "2021-07-15", discoveredOn: "2024-01-02", category: "life-health", harmCaused: true);
        await server.OkAsync(newAct, "file", File(staff, "2024-01-03"));
        var noHarm = await server.LeadAsync(staff, actEndedOn: "2022-12-31", discoveredOn: "2025-01-06", category: "financial");
        await server.AssertRefusedAsync(noHarm, "file", File(staff, CaseDates.Filed), "limitation-expired");
    }

    [Fact]
    public async Task a_notice_served_after_2021_07_15_gives_5_working_days_for_an_act_of_june_2021_art_64()
    {
        var staff = await server.NewStaffAsync();
        foreach (var officer in new[] { staff.Investigator1, staff.Investigator2, staff.Head })
            await (await server.Client().PostJsonAsync($"/api/officers/{officer}/certificates",
                new { number = $"SD-2021-{officer}", domain = RegisterScenarios.Domain, validFrom = "2021-01-01", validTo = "2023-12-31", importedFrom = RegisterScenarios.ImportedFrom })).AssertOkAsync();
        var caseId = await server.LeadAsync(staff, actEndedOn: "2021-06-30", discoveredOn: "2023-06-01");
        await server.OkAsync(caseId, "file", File(staff, "2023-06-02"));
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty", proposedPenalties = CaseScenarios.Fine(150_000m), discretion = CaseScenarios.Discretion,
            major = false, complex = false, concludedOn = "2023-06-20", officers = staff.Investigators,
        });
        await server.OkAsync(caseId, "serve-penalty-notice",
            new { proposedPenalties = CaseScenarios.Fine(150_000m), servedOn = "2023-06-26", method = "direct", officers = staff.Investigators });

        var window = (await server.SummaryAsync(caseId)).Deadline("hearing-request");
        Assert.Equal((5, "working-days", "2023-07-03"), ((int)window["length"]!, (string?)window["counting"], (string?)window["end"]));
        await server.OkAsync(caseId, "request-hearing", new { requestedOn = "2023-07-03" });
    }

    [Fact]
    public async Task a_heavier_notice_after_the_defence_needs_new_evidence_art_45_2()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.OkAsync(caseId, "record-statement", new
        {
            submittedOn = "2025-01-27",
            points = new[] { new { point = "货品未过期", reexamination = "标签日期显示已过期", adopted = false } },
            officers = staff.Investigators,
        });
        var heavier = new { proposedPenalties = CaseScenarios.Fine(80_000m), servedOn = "2025-02-10", method = "direct", officers = staff.Investigators };
        await server.AssertRefusedAsync(caseId, "serve-penalty-notice", heavier, "heavier-notice-without-new-facts");
        await server.OkAsync(caseId, "collect-evidence",
            new { kind = "documentary", description = "进货台账", officers = staff.Investigators, collectedOn = "2025-02-10", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "serve-penalty-notice", heavier);
    }

    [Fact]
    public async Task a_notice_or_a_decision_with_two_fines_is_refused_art_29()
    {
        var staff = await server.StaffAsync();
        object[] twoFines = [new { kind = "fine", amount = 30_000m }, new { kind = "fine", amount = 20_000m }];
        var concluded = await server.ConcludedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(concluded, "serve-penalty-notice",
            new { proposedPenalties = twoFines, servedOn = CaseDates.Notified, method = "direct", officers = staff.Investigators }, "one-fine-per-act");
        var notified = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(notified, "decide",
            new { outcome = "penalty", penalties = twoFines, discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-02-10" },
            "one-fine-per-act");
    }

    [Fact]
    public async Task a_late_decision_is_recorded_with_its_reason_shown_missed_and_audited_domain_6()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        // Filed 2025-01-08: 90 days end on Tuesday 2025-04-08.
        var decide = new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-04-09" };
        var refused = await server.AssertRefusedAsync(caseId, "decide", decide, "decision-deadline-passed");
        Assert.Contains("lateReason", (string?)refused["detail"], StringComparison.Ordinal);

        const string reason = "检验报告于2025-04-07才送达";
        var made = await server.OkAsync(caseId, "decide", new
        {
            decide.outcome, decide.penalties, decide.discretion, decide.decidedBy, decide.decidedOn, lateReason = reason,
        });
        var data = made["events"]!.AsArray().Single()!["data"]!;
        Assert.Equal((reason, "2025-04-08"), ((string?)data["lateReason"], (string?)data["dueOn"]));

        var deadline = (await server.SummaryAsync(caseId)).Deadline("decision");
        Assert.Equal(("missed", "2025-04-09"), ((string?)deadline["status"], (string?)deadline["metOn"]));

        var stream = (await server.VerifyOverHttpAsync(caseId))["streams"]!.AsArray().Single(s => (string?)s!["stream"] == caseId)!;
        var finding = stream["findings"]!.AsArray().Single(f => (string?)f!["code"] == "decision-deadline-passed")!;
        Assert.Contains(reason, (string?)finding["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_late_extension_is_recorded_with_its_reason_domain_6()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var extend = new { days = 30, approvedBy = staff.Head, reason = "案情复杂", on = "2025-04-09", lateReason = "鉴定机构延迟出具报告" };
        var extended = (await server.OkAsync(caseId, "extend-decision-deadline", extend))["events"]!.AsArray().Single()!["data"]!;
        Assert.Equal(("鉴定机构延迟出具报告", "2025-04-08"), ((string?)extended["lateReason"], (string?)extended["dueOn"]));
        Assert.Equal("2025-05-08", (string?)(await server.SummaryAsync(caseId)).Deadline("decision")["end"]);
    }

    [Fact]
    public async Task the_decision_limit_is_the_agency_policy_and_moves_off_a_rest_day_art_60_domain_5()
    {
        var staff = await server.StaffAsync(new
        {
            hearingThresholds = new { citizen = 10000, organisation = 100000 }, legalReviewCatalogue = Array.Empty<string>(),
            fastTrack = false, restDayExtension = true, decisionDays = 87, extensionDays = 10,
        });
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        // 87 days from 2025-01-08 end on Saturday 2025-04-05, in the Qingming holiday: moved to Monday 2025-04-07.
        var deadline = (await server.SummaryAsync(caseId)).Deadline("decision");
        Assert.Equal((87, "2025-04-05", "2025-04-07"), ((int)deadline["length"]!, (string?)deadline["rawEnd"], (string?)deadline["end"]));
        await server.AssertRefusedAsync(caseId, "extend-decision-deadline",
            new { days = 11, approvedBy = staff.Head, reason = "案情复杂", on = "2025-03-01" }, "extension-not-allowed");
        await server.OkAsync(caseId, "decide",
            new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-04-07" });
    }

    [Fact]
    public async Task a_returned_referral_resumes_the_case_without_counting_the_time_away_i13()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "referral", discretion = (object?)null, major = false, complex = false, concludedOn = "2025-01-20", officers = staff.Investigators,
        });
        await server.AssertRefusedAsync(caseId, "record-referral-outcome", new { outcome = "returned", on = "2025-01-21" }, "wrong-stage");
        await server.OkAsync(caseId, "refer-to-judiciary", new { on = "2025-01-21", authority = "济南市公安局历下分局", approvedBy = staff.Head });
        var answered = await server.OkAsync(caseId, "record-referral-outcome",
            new { outcome = "returned", on = "2025-02-20", reason = "不构成犯罪，退回行政处理", officers = new[] { staff.Investigator1 } });
        Assert.Equal("referral_answered", (string?)answered["events"]!.AsArray().Single()!["type"]);

        var deadline = (await server.SummaryAsync(caseId)).Deadline("decision");
        var away = deadline["excluded"]!.AsArray().Single()!;
        Assert.Equal(("2025-01-21", "2025-02-20"), ((string?)away["from"], (string?)away["to"]));
        Assert.Equal("2025-05-08", (string?)deadline["end"]);
        await server.OkAsync(caseId, "conclude-investigation", new
        {
            outcome = "penalty", proposedPenalties = CaseScenarios.Fine(50_000m), discretion = CaseScenarios.Discretion,
            major = false, complex = false, concludedOn = "2025-02-21", officers = staff.Investigators,
        });
    }

    [Fact]
    public async Task a_referral_after_the_decision_leaves_the_penalty_in_force_i13()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.DecidedCaseAsync(staff);
        await server.OkAsync(caseId, "refer-to-judiciary", new { on = "2025-02-11", authority = "济南市公安局历下分局", approvedBy = staff.Head });
        await server.OkAsync(caseId, "record-referral-outcome", new { outcome = "accepted", on = "2025-02-14" });
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-02-14", method = "direct", electronicConsent = false, officers = staff.Investigators });
        var summary = await server.SummaryAsync(caseId);
        Assert.Equal("served", (string?)summary["stage"]);
    }

    [Fact]
    public async Task a_reviewer_who_began_before_2021_07_15_reviews_without_the_qualification_art_58_2()
    {
        var staff = await server.StaffAsync();
        var veteran = await RegisterReviewerAsync(staff, "2019-03-01");
        var newcomer = await RegisterReviewerAsync(staff, "2021-07-15");
        var caseId = await server.CaseWithHearingHeldAsync(staff);
        await server.OkAsync(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } });
        var review = (string reviewer) => new { reviewerId = reviewer, outcome = "passed", opinion = "事实清楚，证据确凿，程序合法", on = CaseDates.Reviewed };
        await server.AssertRefusedAsync(caseId, "complete-legal-review", review(newcomer), "reviewer-not-qualified");
        await server.OkAsync(caseId, "complete-legal-review", review(veteran));
        var registered = await (await server.Client().GetAsync($"/api/officers/{veteran}")).AssertOkAsync();
        Assert.Equal("2019-03-01", (string?)registered["reviewingSince"]);
    }

    [Fact]
    public async Task the_register_records_later_when_a_reviewer_began_art_58_2()
    {
        var staff = await server.StaffAsync();
        var reviewer = await RegisterReviewerAsync(staff, null);
        var caseId = await server.CaseWithHearingHeldAsync(staff);
        await server.OkAsync(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } });
        var review = new { reviewerId = reviewer, outcome = "passed", opinion = "事实清楚，证据确凿，程序合法", on = CaseDates.Reviewed };
        await server.AssertRefusedAsync(caseId, "complete-legal-review", review, "reviewer-not-qualified");

        var recorded = await (await server.Client().PostJsonAsync($"/api/officers/{reviewer}/reviewing-since", new { since = "2020-09-01" })).AssertOkAsync();
        Assert.Equal("reviewing_since_recorded", (string?)recorded["events"]!.AsArray().Single()!["type"]);
        var (_, officerToken) = await server.OfficerAsync(staff.AgencyId);
        await (await server.Client(officerToken).PostJsonAsync($"/api/officers/{reviewer}/reviewing-since", new { since = "2019-01-01" }))
            .AssertProblemAsync(403, "forbidden");
        await server.OkAsync(caseId, "complete-legal-review", review);
    }

    private async Task<string> RegisterReviewerAsync(AgencyStaff staff, string? reviewingSince)
    {
        var id = ServerFixture.Unique("reviewer");
        await (await server.Client().PostJsonAsync("/api/officers", new
        {
            officerId = id, name = "李审核", agencyId = staff.AgencyId, roles = new[] { "legal-reviewer" },
            legalProfessionalQualification = false, reviewingSince,
        })).AssertOkAsync(201);
        return id;
    }

    [Fact]
    public async Task the_party_is_heard_on_the_spot_before_the_on_the_spot_decision_arts_44_52()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.OnTheSpotLeadAsync(staff, heard: false);
        await server.AssertRefusedAsync(caseId, "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 100m), "statement-not-recorded");
        await server.OkAsync(caseId, "record-statement", CaseScenarios.HeardOnTheSpot(staff));
        await server.OkAsync(caseId, "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 100m));
        await server.AssertRefusedAsync(caseId, "record-statement", CaseScenarios.HeardOnTheSpot(staff), "wrong-stage");
    }
}
