using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Tests.Penalty;

/// <summary>The simplified on-the-spot procedure (Arts. 51–53, 68–71) and the fast track (domain.md §1.3) over HTTP.</summary>
public class when_deciding_on_the_spot_or_on_the_fast_track(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly object FastTrackPolicy = new
    {
        hearingThresholds = new { citizen = 2_000, organisation = 10_000 },
        legalReviewCatalogue = Array.Empty<string>(),
        fastTrack = true,
        restDayExtension = true,
    };

    [Fact]
    public async Task a_simplified_case_is_decided_and_collected_on_the_spot_the_cash_handed_over_a_copy_filed_and_closed()
    {
        var staff = await server.StaffAsync();
        var officer = staff.TokenOf(staff.Investigator1);
        var caseId = await server.OnTheSpotLeadAsync(staff);
        await server.AssertRefusedAsync(caseId, "file",
            new { filedOn = "2026-02-27", approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 }, "wrong-stage");

        await Expect(server.OkAsync(caseId, "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 50m), officer), 3, "on_the_spot_decision_made");
        await Expect(server.OkAsync(caseId, "collect-on-the-spot",
            new { amount = 50m, ground = "small-fine", receiptNumber = "鲁财 0099001", officerId = staff.Investigator1, on = "2026-02-27" }, officer), 4, "on_the_spot_fine_collected");

        // Two working days after Friday 2026-02-27: Saturday 02-28 is a make-up working day, so Monday 03-02 is the last.
        var handOver = (await server.SummaryAsync(caseId)).Deadline("cash-hand-over");
        Assert.Equal(("2026-02-27", "working-days", 2, "2026-03-02", "open"),
            ((string?)handOver["trigger"], (string?)handOver["counting"], (int)handOver["length"]!, (string?)handOver["end"], (string?)handOver["status"]));
        await server.AssertRefusedAsync(caseId, "close", new { closedBy = staff.Head, on = "2026-03-02" }, "case-not-closable");

        await Expect(server.OkAsync(caseId, "hand-over-cash", new { on = "2026-03-02", officerId = staff.Investigator1 }, officer), 5, "cash_handed_over");
        await Expect(server.OkAsync(caseId, "file-copy", new { on = "2026-03-02", officerId = staff.Investigator1 }, officer), 6, "copy_filed");
        await Expect(server.OkAsync(caseId, "close", new { closedBy = staff.Head, on = "2026-03-02" }, staff.TokenOf(staff.Head)), 7, "case_closed");

        var summary = await server.SummaryAsync(caseId);
        Assert.Equal(("simplified", "closed", 50m), ((string?)summary["procedure"], (string?)summary["stage"], (decimal)summary["fine"]!));
        Assert.Equal(("met", "2026-03-02"), ((string?)summary.Deadline("cash-hand-over")["status"], (string?)summary.Deadline("cash-hand-over")["metOn"]));
        Assert.Equal("met", (string?)summary.Deadline("payment")["status"]);
        Assert.Empty(summary["openDeadlines"]!.AsArray());
    }

    [Fact]
    public async Task on_the_spot_only_a_warning_or_a_fine_up_to_200_yuan_on_a_citizen_or_3000_on_an_organisation_art_51()
    {
        var staff = await server.StaffAsync();
        await server.AssertRefusedAsync(await server.OnTheSpotLeadAsync(staff), "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 201m), "simplified-procedure-not-allowed");
        await server.OkAsync(await server.OnTheSpotLeadAsync(staff), "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 200m));
        await server.AssertRefusedAsync(await server.OnTheSpotLeadAsync(staff, "organisation"), "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 3_001m), "simplified-procedure-not-allowed");
        await server.OkAsync(await server.OnTheSpotLeadAsync(staff, "organisation"), "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 3_000m));
        await server.AssertRefusedAsync(await server.OnTheSpotLeadAsync(staff), "decide-on-the-spot",
            new { penalty = new { kind = "licence-suspension", amount = (decimal?)null }, formNumber = "No. 1", officerId = staff.Investigator1, on = "2026-02-27", discretion = CaseScenarios.Discretion },
            "simplified-procedure-not-allowed");
        await server.OkAsync(await server.OnTheSpotLeadAsync(staff), "decide-on-the-spot",
            new { penalty = new { kind = "warning", amount = (decimal?)null }, formNumber = "No. 2", officerId = staff.Investigator1, on = "2026-02-27" });
    }

    [Fact]
    public async Task on_the_spot_collection_only_up_to_100_yuan_unless_hard_to_collect_later_art_68()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.OnTheSpotLeadAsync(staff);
        await server.OkAsync(caseId, "decide-on-the-spot", CaseScenarios.OnTheSpot(staff, 150m));
        await server.AssertRefusedAsync(caseId, "collect-on-the-spot",
            new { amount = 150m, ground = "small-fine", receiptNumber = "R1", officerId = staff.Investigator1, on = "2026-02-27" }, "simplified-procedure-not-allowed");
        await server.OkAsync(caseId, "collect-on-the-spot",
            new { amount = 150m, ground = "hard-to-collect-later", receiptNumber = "R1", officerId = staff.Investigator1, on = "2026-02-27" });
    }

    [Fact]
    public async Task a_fast_track_case_with_the_partys_consent_is_decided_within_48_hours_of_arrival()
    {
        var staff = await server.StaffAsync(FastTrackPolicy);
        var arrived = server.Clock.GetCurrentInstant() - Duration.FromHours(20);
        var caseId = await server.FastTrackCaseWithConsentAsync(staff, InstantPattern.General.Format(arrived), "2026-03-01");
        await server.OkAsync(caseId, "collect-evidence",
            new { kind = "audio-visual", description = "当事人陈述及认错录像", officers = staff.Investigators, collectedOn = "2026-03-01", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "conclude-investigation",
            new { outcome = "penalty", proposedPenalties = CaseScenarios.Fine(2_000m), discretion = CaseScenarios.Discretion, major = false, complex = false, concludedOn = "2026-03-02", officers = staff.Investigators });
        var notice = await server.OkAsync(caseId, "serve-penalty-notice",
            new { proposedPenalties = CaseScenarios.Fine(2_000m), servedOn = "2026-03-02", method = "oral", officers = staff.Investigators });
        Assert.False((bool)notice["events"]![0]!["data"]!["hearingRightStated"]!);
        await server.OkAsync(caseId, "waive-rights", new { on = "2026-03-02", waiverSha256 = CaseScenarios.Hash });
        await Expect(server.OkAsync(caseId, "decide",
            new { outcome = "penalty", penalties = CaseScenarios.Fine(2_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2026-03-02" }), 8, "decision_made");
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2026-03-02", method = "direct", electronicConsent = false, officers = staff.Investigators });

        var summary = await server.SummaryAsync(caseId);
        Assert.Equal(("fast-track", "served"), ((string?)summary["procedure"], (string?)summary["stage"]));
        Assert.Equal("2026-03-17", (string?)summary.Deadline("payment")["end"]);
    }

    [Fact]
    public async Task a_fast_track_decision_more_than_48_hours_after_arrival_is_late()
    {
        var staff = await server.StaffAsync(FastTrackPolicy);
        var arrived = server.Clock.GetCurrentInstant() - Duration.FromHours(49);
        var caseId = await server.FastTrackCaseWithConsentAsync(staff, InstantPattern.General.Format(arrived), "2026-02-28");
        await server.OkAsync(caseId, "conclude-investigation",
            new { outcome = "penalty", proposedPenalties = CaseScenarios.Fine(2_000m), discretion = CaseScenarios.Discretion, major = false, complex = false, concludedOn = "2026-02-28", officers = staff.Investigators });
        await server.OkAsync(caseId, "serve-penalty-notice", new { proposedPenalties = CaseScenarios.Fine(2_000m), servedOn = "2026-02-28", method = "oral", officers = staff.Investigators });
        await server.OkAsync(caseId, "waive-rights", new { on = "2026-02-28" });

        var decide = (Instant? decidedAt) => new
        {
            outcome = "penalty", penalties = CaseScenarios.Fine(2_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = "2026-03-01",
            decidedAt = decidedAt is { } at ? InstantPattern.General.Format(at) : null,
        };
        await server.AssertRefusedAsync(caseId, "decide", decide(null), "decision-deadline-passed");
        // Recorded after the fact: the decision was made 47 hours after arrival.
        await server.OkAsync(caseId, "decide", decide(arrived + Duration.FromHours(47)));
    }

    [Fact]
    public async Task fast_track_is_not_allowed_on_an_agency_whose_policy_has_none()
    {
        var staff = await server.StaffAsync();
        var lead = await server.LeadAsync(staff, procedure: "fast-track");
        await server.AssertRefusedAsync(lead, "file",
            new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 }, "fast-track-not-allowed");

        var general = await server.FiledCaseAsync(staff);
        await server.AssertRefusedAsync(general, "consent-to-fast-track",
            new { consentSha256 = CaseScenarios.Hash, arrivedAt = "2025-01-08T01:00:00Z", on = CaseDates.Filed, officers = staff.Investigators }, "fast-track-not-allowed");
    }

    [Fact]
    public async Task fast_track_is_not_allowed_where_a_hearing_applies()
    {
        var staff = await server.StaffAsync(FastTrackPolicy);
        var arrived = InstantPattern.General.Format(server.Clock.GetCurrentInstant() - Duration.FromHours(2));
        var conclude = new { outcome = "penalty", proposedPenalties = CaseScenarios.Fine(10_000m), discretion = CaseScenarios.Discretion, major = false, complex = false, concludedOn = "2026-03-02", officers = staff.Investigators };

        var concludedFirst = await server.LeadAsync(staff, discoveredOn: "2026-03-02", actEndedOn: "2026-03-02", procedure: "fast-track");
        await server.OkAsync(concludedFirst, "file", new { filedOn = "2026-03-02", approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 });
        await server.OkAsync(concludedFirst, "conclude-investigation", conclude);
        await server.AssertRefusedAsync(concludedFirst, "consent-to-fast-track",
            new { consentSha256 = CaseScenarios.Hash, arrivedAt = arrived, on = "2026-03-02", officers = staff.Investigators }, "fast-track-not-allowed");

        var consentedFirst = await server.FastTrackCaseWithConsentAsync(staff, arrived, "2026-03-02");
        await server.OkAsync(consentedFirst, "conclude-investigation", conclude);
        await server.AssertRefusedAsync(consentedFirst, "serve-penalty-notice",
            new { proposedPenalties = CaseScenarios.Fine(10_000m), servedOn = "2026-03-02", method = "oral", officers = staff.Investigators }, "fast-track-not-allowed");
    }

    private static async Task Expect(Task<JsonNode> answer, long version, string eventType)
    {
        var result = await answer;
        Assert.Equal(version, result.Version());
        Assert.Equal(eventType, (string?)Assert.Single(result["events"]!.AsArray())!["type"]);
    }
}
