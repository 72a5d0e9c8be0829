using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Penalty;

/// <summary>The refusal codes of domain.md §8.2 over HTTP; every refusal appends nothing (design.md).</summary>
public class when_a_procedure_rule_refuses_a_case_command(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task limitation_of_2_years_or_5_for_life_health_art_36()
    {
        var staff = await server.StaffAsync();
        var file = new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 };

        var ordinary = await server.LeadAsync(staff, actEndedOn: "2023-01-05", discoveredOn: "2025-01-06");
        var refused = await server.AssertRefusedAsync(ordinary, "file", file, "limitation-expired");
        Assert.Contains("2025-01-05", (string?)refused["detail"], StringComparison.Ordinal);

        var lastDay = await server.LeadAsync(staff, actEndedOn: "2023-01-06", discoveredOn: "2025-01-06");
        await server.OkAsync(lastDay, "file", file);

        var lifeHealth = await server.LeadAsync(staff, actEndedOn: "2023-01-05", discoveredOn: "2025-01-06", category: "life-health", harmCaused: true);
        await server.OkAsync(lifeHealth, "file", file);
    }

    [Fact]
    public async Task two_certified_officers_file_and_investigate_and_auxiliary_staff_never_count_art_42()
    {
        var staff = await server.StaffAsync();
        var lead = await server.LeadAsync(staff);
        await server.AssertRefusedAsync(lead, "file",
            new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = new[] { staff.Investigator1 }, leadOfficer = staff.Investigator1 },
            "two-officers-required");

        var filed = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(filed, "collect-evidence",
            new { kind = "witness", description = "证人证言", officers = new[] { staff.Investigator1, staff.Auxiliary }, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash },
            "two-officers-required");
        await server.AssertRefusedAsync(filed, "collect-evidence",
            new { kind = "witness", description = "证人证言", officers = new[] { staff.Investigator1, staff.Investigator1 }, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash },
            "two-officers-required");
    }

    [Fact]
    public async Task sealing_seizure_and_preservation_need_a_full_audio_video_record()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "collect-evidence",
            new { kind = "physical", description = "查封过期食品", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = (string?)null, measure = "sealing-seizure" },
            "media-record-required");
        await server.AssertRefusedAsync(caseId, "preserve-evidence",
            new { description = "先行登记保存", approvedBy = staff.Head, officers = staff.Investigators, on = "2025-01-09", mediaSha256 = (string?)null },
            "media-record-required");
        await server.OkAsync(caseId, "collect-evidence",
            new { kind = "physical", description = "查封过期食品", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash, measure = "sealing-seizure" });
    }

    [Fact]
    public async Task preserved_evidence_is_decided_within_7_working_days_art_56()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "preserve-evidence",
            new { description = "先行登记保存过期食品 120 箱", approvedBy = staff.Head, officers = staff.Investigators, on = "2025-01-10", mediaSha256 = CaseScenarios.Hash });
        var deadline = (await server.SummaryAsync(caseId)).Deadline("preservation-decision:P1");
        Assert.Equal(("2025-01-10", "2025-01-21", "missed"), ((string?)deadline["trigger"], (string?)deadline["end"], (string?)deadline["status"]));

        await server.AssertRefusedAsync(caseId, "decide-preserved-evidence",
            new { preservationId = "P1", handling = "confiscate", decidedBy = staff.Head, on = "2025-01-22" }, "preservation-decision-late");
        await server.OkAsync(caseId, "decide-preserved-evidence", new { preservationId = "P1", handling = "confiscate", decidedBy = staff.Head, on = "2025-01-21" });
        Assert.Equal("met", (string?)(await server.SummaryAsync(caseId)).Deadline("preservation-decision:P1")["status"]);
    }

    [Fact]
    public async Task a_recused_officer_never_acts_on_the_case_again_art_43()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "apply-recusal", new { officerId = staff.Investigator2, appliedBy = "party", reason = "与当事人有亲属关系", on = "2025-01-09" });
        // The investigation continues while the head decides (Art. 43).
        await server.OkAsync(caseId, "collect-evidence", new { kind = "documentary", description = "营业执照复印件", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "decide-recusal", new { officerId = staff.Investigator2, granted = true, decidedBy = staff.Head, on = "2025-01-10" });

        await server.AssertRefusedAsync(caseId, "collect-evidence",
            new { kind = "documentary", description = "进货单据", officers = staff.Investigators, collectedOn = "2025-01-11", mediaSha256 = CaseScenarios.Hash },
            "officer-recused");
        Assert.Contains(staff.Investigator2, (await server.SummaryAsync(caseId))["recused"]!.AsArray().Select(r => (string?)r));
    }

    [Fact]
    public async Task the_head_extends_the_decision_limit_once_by_30_days_and_further_only_after_collective_discussion()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "extend-decision-deadline",
            new { days = 31, approvedBy = staff.Head, reason = "案情复杂", on = "2025-03-01" }, "extension-not-allowed");
        await server.OkAsync(caseId, "extend-decision-deadline", new { days = 30, approvedBy = staff.Head, reason = "案情复杂", on = "2025-03-01" });
        await server.AssertRefusedAsync(caseId, "extend-decision-deadline",
            new { days = 10, approvedBy = staff.Head, reason = "需补充鉴定", on = "2025-03-02" }, "extension-not-allowed");

        var late = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(late, "extend-decision-deadline",
            new { days = 30, approvedBy = staff.Head, reason = "案情复杂", on = "2025-04-09" }, "decision-deadline-passed");
    }

    [Fact]
    public async Task a_hearing_is_available_only_when_the_notice_states_the_right_art_63()
    {
        var staff = await server.StaffAsync();
        var small = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(small, "request-hearing", new { requestedOn = CaseDates.HearingRequested }, "hearing-not-available");

        var waived = await server.NotifiedCaseAsync(staff, fine: 150_000m);
        await server.OkAsync(waived, "waive-rights", new { on = "2025-01-25", waiverSha256 = CaseScenarios.Hash });
        await server.AssertRefusedAsync(waived, "request-hearing", new { requestedOn = CaseDates.HearingRequested }, "hearing-not-available");
    }

    [Fact]
    public async Task hearing_notice_at_least_7_working_days_ahead_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        var refused = await server.AssertRefusedAsync(caseId, "schedule-hearing",
            new { hearingOn = "2025-02-12", presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed }, "hearing-notice-too-short");
        Assert.Contains(CaseDates.Hearing, (string?)refused["detail"], StringComparison.Ordinal);
        await server.OkAsync(caseId, "schedule-hearing", new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed });
    }

    [Fact]
    public async Task the_hearing_presider_is_no_investigator_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        await server.OkAsync(caseId, "collect-evidence",
            new { kind = "inspection-record", description = "复查笔录", officers = new[] { staff.Investigator1, staff.Presider }, collectedOn = "2025-01-28", mediaSha256 = CaseScenarios.Hash });
        await server.AssertRefusedAsync(caseId, "schedule-hearing",
            new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed }, "presider-is-investigator");
    }

    [Fact]
    public async Task the_legal_reviewer_holds_the_legal_professional_qualification_art_58()
    {
        var staff = await server.StaffAsync();
        var (unqualified, _) = await server.OfficerAsync(staff.AgencyId, roles: ["legal-reviewer"], qualified: false);
        var caseId = await server.CaseWithHearingHeldAsync(staff);
        await server.OkAsync(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } });
        await server.AssertRefusedAsync(caseId, "complete-legal-review",
            new { reviewerId = unqualified, outcome = "passed", opinion = "同意", on = CaseDates.Reviewed }, "reviewer-not-qualified");
        await server.AssertRefusedAsync(caseId, "complete-legal-review",
            new { reviewerId = staff.Investigator1, outcome = "passed", opinion = "同意", on = CaseDates.Reviewed }, "reviewer-not-qualified");
    }

    [Fact]
    public async Task the_legal_reviewer_never_investigated_the_case()
    {
        var staff = await server.StaffAsync();
        var (reviewerWhoInvestigated, _) = await server.OfficerAsync(staff.AgencyId, roles: ["enforcement-officer", "legal-reviewer"], qualified: true);
        var caseId = await server.CaseWithHearingHeldAsync(staff);
        await server.OkAsync(caseId, "collect-evidence",
            new { kind = "expert-opinion", description = "检验意见", officers = new[] { staff.Investigator1, reviewerWhoInvestigated }, collectedOn = CaseDates.Hearing, mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } });
        await server.AssertRefusedAsync(caseId, "complete-legal-review",
            new { reviewerId = reviewerWhoInvestigated, outcome = "passed", opinion = "同意", on = CaseDates.Reviewed }, "reviewer-is-investigator");
    }

    [Fact]
    public async Task no_decision_without_a_notice_of_the_proposed_penalty_art_62()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_000m, "2025-02-10"), "penalty-notice-required");
    }

    [Fact]
    public async Task no_decision_while_the_party_may_still_state_and_defend_unless_waived_art_45()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        var refused = await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_000m, CaseDates.DefenceDue), "defence-period-open");
        Assert.Contains(CaseDates.DefenceDue, (string?)refused["detail"], StringComparison.Ordinal);
        await server.OkAsync(caseId, "waive-rights", new { on = "2025-01-27", waiverSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "decide", Decide(staff, 50_000m, "2025-01-27"));
    }

    [Fact]
    public async Task a_timely_hearing_request_blocks_the_decision_until_the_hearing_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 150_000m, "2025-02-10"), "hearing-pending");
    }

    [Fact]
    public async Task a_party_who_does_not_appear_waives_the_hearing_and_the_next_missing_step_is_named_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        await server.OkAsync(caseId, "schedule-hearing", new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed });
        var noShow = await server.OkAsync(caseId, "hold-hearing", new { heldOn = CaseDates.Hearing, presiderId = staff.Presider, partyAppeared = false, transcriptSha256 = (string?)null });
        Assert.Equal("hearing_waived", (string?)noShow["events"]![0]!["type"]);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 150_000m, "2025-02-14"), "legal-review-required");
    }

    [Fact]
    public async Task a_held_hearing_needs_its_signed_record()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithHearingRequestedAsync(staff);
        await server.OkAsync(caseId, "schedule-hearing", new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed });
        await server.AssertRefusedAsync(caseId, "hold-hearing",
            new { heldOn = CaseDates.Hearing, presiderId = staff.Presider, partyAppeared = true, transcriptSha256 = (string?)null }, "media-record-required");
    }

    [Fact]
    public async Task no_decision_without_a_passed_legal_review_art_58()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m, major: true);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_000m, "2025-02-10"), "legal-review-required");

        await server.OkAsync(caseId, "request-legal-review", new { on = "2025-02-10", officers = new[] { staff.Investigator1 } });
        await server.OkAsync(caseId, "complete-legal-review", new { reviewerId = staff.Reviewer, outcome = "failed", opinion = "证据不足", on = "2025-02-11" });
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_000m, "2025-02-12"), "legal-review-failed");
    }

    [Fact]
    public async Task no_decision_without_a_passed_legal_review_above_the_agency_threshold_art_58()
    {
        var staff = await server.StaffAsync(policy: new
        {
            hearingThresholds = new { citizen = 10_000, organisation = 100_000 },
            legalReviewThresholds = new { citizen = 5_000, organisation = 30_000 },
            legalReviewCatalogue = Array.Empty<string>(),
            fastTrack = false,
            restDayExtension = true,
        });
        var below = await server.NotifiedCaseAsync(staff, fine: 29_999m);
        await server.OkAsync(below, "decide", Decide(staff, 29_999m, "2025-02-10"));
        var above = await server.NotifiedCaseAsync(staff, fine: 30_000m);
        await server.AssertRefusedAsync(above, "decide", Decide(staff, 30_000m, "2025-02-10"), "legal-review-required");
    }

    [Fact]
    public async Task a_major_case_needs_the_collective_discussion_of_at_least_two_agency_heads_art_57()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithPassedLegalReviewAsync(staff);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 150_000m, CaseDates.Decided), "collective-discussion-required");
        await server.AssertRefusedAsync(caseId, "hold-collective-discussion",
            new { participants = new[] { staff.Head, staff.Investigator1 }, resolution = "同意", minutesSha256 = CaseScenarios.Hash, on = CaseDates.Discussed },
            "collective-discussion-required");
        await server.OkAsync(caseId, "hold-collective-discussion",
            new { participants = new[] { staff.Head, staff.DeputyHead }, resolution = "同意", minutesSha256 = CaseScenarios.Hash, on = CaseDates.Discussed });
        await server.OkAsync(caseId, "decide", Decide(staff, 150_000m, CaseDates.Decided));
    }

    [Fact]
    public async Task a_discretionary_decision_cites_the_benchmark_item_level_and_reason_art_34()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(caseId, "decide",
            new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = new { benchmarkItem = "基准 3", level = "ordinary", reason = " " }, decidedBy = staff.Head, decidedOn = "2025-02-10" },
            "discretion-reason-required");
        await server.AssertRefusedAsync(caseId, "decide",
            new { outcome = "penalty", penalties = CaseScenarios.Fine(50_000m), discretion = (object?)null, decidedBy = staff.Head, decidedOn = "2025-02-10" },
            "discretion-reason-required");
    }

    [Fact]
    public async Task the_decision_is_never_heavier_than_the_notice_art_45()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_001m, "2025-02-10"), "heavier-than-notice");
        await server.AssertRefusedAsync(caseId, "decide",
            new
            {
                outcome = "penalty",
                penalties = new object[] { new { kind = "fine", amount = 50_000m }, new { kind = "licence-suspension", amount = (decimal?)null } },
                discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2025-02-10",
            },
            "heavier-than-notice");
        await server.OkAsync(caseId, "decide", Decide(staff, 40_000m, "2025-02-10"));
    }

    [Fact]
    public async Task the_decision_is_made_within_90_days_of_filing_art_60()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 50_000m);
        var refused = await server.AssertRefusedAsync(caseId, "decide", Decide(staff, 50_000m, "2025-04-09"), "decision-deadline-passed");
        Assert.Contains("2025-04-08", (string?)refused["detail"], StringComparison.Ordinal);
        await server.OkAsync(caseId, "decide", Decide(staff, 50_000m, "2025-04-08"));
    }

    [Fact]
    public async Task electronic_service_needs_the_partys_signed_consent_art_61()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.DecidedCaseAsync(staff);
        await server.AssertRefusedAsync(caseId, "serve-decision",
            new { servedOn = "2025-02-11", method = "electronic", electronicConsent = false, officers = staff.Investigators }, "electronic-service-without-consent");
        await server.OkAsync(caseId, "serve-decision",
            new { servedOn = "2025-02-11", method = "electronic", electronicConsent = true, officers = staff.Investigators, electronicConsentSha256 = CaseScenarios.Hash });
    }

    [Fact]
    public async Task court_enforcement_only_10_working_days_after_the_written_reminder_coercion_law_art_54()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        await server.AssertRefusedAsync(caseId, "serve-payment-reminder", new { on = "2025-02-26", officers = staff.Investigators }, "wrong-stage");
        await server.OkAsync(caseId, "serve-payment-reminder", new { on = "2025-08-04", officers = staff.Investigators });
        Assert.Equal("2025-08-18", (string?)(await server.SummaryAsync(caseId)).Deadline("reminder")["end"]);

        var apply = (string on) => new { on, court = "济南市历下区人民法院", approvedBy = staff.Head };
        await server.AssertRefusedAsync(caseId, "apply-court-enforcement", apply("2025-08-18"), "reminder-period-open");
        await server.OkAsync(caseId, "apply-court-enforcement", apply("2025-08-19"));
    }

    /// <summary>Served 2025-02-11: the party may sue until Mon 08-11 (6 months); the agency applies until Tue 11-11 (3 months after).</summary>
    [Fact]
    public async Task court_enforcement_only_after_the_remedy_periods_and_within_3_months_coercion_law_art_53_interpretation_art_156()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        await server.OkAsync(caseId, "serve-payment-reminder", new { on = "2025-02-27", officers = staff.Investigators });
        var window = (await server.SummaryAsync(caseId)).Deadline("court-enforcement");
        Assert.Equal(("2025-08-11", "2025-11-11", "months", 3), ((string?)window["trigger"], (string?)window["end"], (string?)window["counting"], (int)window["length"]!));

        var apply = (string on) => new { on, court = "济南市历下区人民法院", approvedBy = staff.Head };
        // Five weeks after service, the party may still reconsider or sue: nothing is appended.
        var version = await server.VersionAsync(caseId);
        var early = await server.AssertRefusedAsync(caseId, "apply-court-enforcement", apply("2025-03-20"), "remedy-period-open");
        Assert.Contains("2025-08-11", (string?)early["detail"], StringComparison.Ordinal);
        await server.AssertRefusedAsync(caseId, "apply-court-enforcement", apply("2025-08-11"), "remedy-period-open");
        await server.AssertRefusedAsync(caseId, "apply-court-enforcement", apply("2025-11-12"), "enforcement-application-late");
        Assert.Equal(version, await server.VersionAsync(caseId));
        await server.OkAsync(caseId, "apply-court-enforcement", apply("2025-08-12"));
        Assert.Equal(("met", "2025-08-12"), ((string?)(await server.SummaryAsync(caseId)).Deadline("court-enforcement")["status"],
            (string?)(await server.SummaryAsync(caseId)).Deadline("court-enforcement")["metOn"]));
    }

    [Fact]
    public async Task a_case_closes_only_once_the_decision_is_executed()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        await server.AssertRefusedAsync(caseId, "close", new { closedBy = staff.Head, on = "2025-02-12" }, "case-not-closable");

        var concluded = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(concluded, "close", new { closedBy = staff.Head, on = "2025-02-12" }, "case-not-closable");
    }

    private static object Decide(AgencyStaff staff, decimal fine, string decidedOn) =>
        new { outcome = "penalty", penalties = CaseScenarios.Fine(fine), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn };
}
