using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Server.Tests.Penalty;

public class when_running_a_general_procedure_case_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static readonly string[] DeadlineFields =
        ["key", "purpose", "rule", "trigger", "counting", "length", "rawEnd", "end", "excluded", "extensions", "provisional", "status"];

    [Fact]
    public async Task a_major_case_runs_from_lead_to_archive_with_hearing_review_discussion_and_a_late_payment()
    {
        var staff = await server.StaffAsync();
        var investigator = staff.TokenOf(staff.Investigator1);
        var presider = staff.TokenOf(staff.Presider);
        var reviewer = staff.TokenOf(staff.Reviewer);
        var head = staff.TokenOf(staff.Head);
        var recorded = new List<(string Type, Instant At, string Actor)>();

        // Each step one minute later on the fake clock, so every event's timestamp is the step's own.
        async Task<JsonNode> Step(string caseId, string command, object body, string token, string actor, string eventType)
        {
            server.Clock.Advance(Duration.FromMinutes(1));
            var answer = await server.OkAsync(caseId, command, body, token);
            recorded.Add((eventType, server.Clock.GetCurrentInstant(), actor));
            Assert.Equal(recorded.Count, answer.Version());
            var appended = Assert.Single(answer["events"]!.AsArray())!;
            Assert.Equal(eventType, (string?)appended["type"]);
            Assert.Equal(recorded.Count, (long)appended["version"]!);
            Assert.Equal(actor, (string?)appended["actor"]);
            return appended["data"]!;
        }

        server.Clock.Advance(Duration.FromMinutes(1));
        var opened = await (await server.Client(investigator).PostJsonAsync("/api/cases", new
        {
            agencyId = staff.AgencyId,
            procedure = "general",
            party = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            violation = new { description = "销售过期食品", actEndedOn = CaseDates.ActEnded, continuing = false, category = "ordinary" },
            source = "complaint hotline 12315",
            discoveredOn = CaseDates.Discovered,
            officers = staff.Investigators,
        })).AssertOkAsync(201);
        var caseId = (string)opened["caseId"]!;
        recorded.Add(("lead_registered", server.Clock.GetCurrentInstant(), staff.Investigator1));
        Assert.Equal(1, opened.Version());
        Assert.Equal("lead_registered", (string?)opened["events"]![0]!["type"]);

        var filed = await Step(caseId, "file", new { filedOn = CaseDates.Filed, approvedBy = staff.Head, officers = staff.Investigators, leadOfficer = staff.Investigator1 },
            investigator, staff.Investigator1, "case_filed");
        Assert.Equal($"{staff.AgencyId}-2025-{caseId[..8]}", (string?)filed["caseNumber"]);
        await Step(caseId, "collect-evidence", new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash },
            investigator, staff.Investigator1, "evidence_collected");
        await Step(caseId, "collect-evidence", new { kind = "sampling", description = "抽样检验报告", officers = staff.Investigators, collectedOn = "2025-01-10", mediaSha256 = CaseScenarios.Hash },
            investigator, staff.Investigator1, "evidence_collected");
        await Step(caseId, "conclude-investigation", new
        {
            outcome = "penalty", proposedPenalties = CaseScenarios.Fine(150_000m), discretion = CaseScenarios.Discretion,
            major = true, complex = false, concludedOn = CaseDates.Concluded, officers = staff.Investigators,
        }, investigator, staff.Investigator1, "investigation_concluded");

        var notice = await Step(caseId, "serve-penalty-notice", new { proposedPenalties = CaseScenarios.Fine(150_000m), servedOn = CaseDates.Notified, method = "direct", officers = staff.Investigators },
            investigator, staff.Investigator1, "penalty_notice_served");
        Assert.True((bool)notice["hearingRightStated"]!);
        Assert.Equal(CaseDates.DefenceDue, (string?)notice["hearingRequestDueOn"]);
        Assert.Equal(CaseDates.DefenceDue, (string?)notice["defenceDueOn"]);

        await Step(caseId, "record-statement", new
        {
            submittedOn = CaseDates.HearingRequested,
            points = new[] { new { point = "过期食品系供货商责任", reexamination = "进货查验记录缺失，不予采纳", adopted = false } },
            officers = staff.Investigators,
        }, investigator, staff.Investigator1, "statement_recorded");
        await Step(caseId, "request-hearing", new { requestedOn = CaseDates.HearingRequested }, investigator, staff.Investigator1, "hearing_requested");
        await Step(caseId, "schedule-hearing", new { hearingOn = CaseDates.Hearing, presiderId = staff.Presider, noticeServedOn = CaseDates.HearingNoticeServed, place = "第一听证室" },
            presider, staff.Presider, "hearing_scheduled");
        await Step(caseId, "hold-hearing", new { heldOn = CaseDates.Hearing, presiderId = staff.Presider, partyAppeared = true, transcriptSha256 = CaseScenarios.Hash },
            presider, staff.Presider, "hearing_held");
        await Step(caseId, "request-legal-review", new { on = CaseDates.ReviewRequested, officers = new[] { staff.Investigator1 } },
            investigator, staff.Investigator1, "legal_review_requested");
        await Step(caseId, "complete-legal-review", new { reviewerId = staff.Reviewer, outcome = "passed", opinion = "事实清楚，证据确凿，程序合法，裁量适当", on = CaseDates.Reviewed },
            reviewer, staff.Reviewer, "legal_review_passed");
        await Step(caseId, "hold-collective-discussion", new { participants = new[] { staff.Head, staff.DeputyHead }, resolution = "同意处以罚款150000元", minutesSha256 = CaseScenarios.Hash, on = CaseDates.Discussed },
            head, staff.Head, "collective_discussion_held");

        var decision = await Step(caseId, "decide", new { outcome = "penalty", penalties = CaseScenarios.Fine(150_000m), discretion = CaseScenarios.Discretion, decidedBy = staff.Head, decidedOn = CaseDates.Decided },
            head, staff.Head, "decision_made");
        Assert.Equal(CaseScenarios.Hash, (string?)decision["hearingRecordSha256"]);
        Assert.Equal("食品安全法 Art. 124 基准 3", (string?)decision["discretion"]!["benchmarkItem"]);

        var served = await Step(caseId, "serve-decision", new { servedOn = CaseDates.Served, method = "direct", electronicConsent = false, officers = staff.Investigators },
            investigator, staff.Investigator1, "decision_served");
        Assert.Equal("2025-03-07", (string?)served["paymentDueOn"]);
        await Step(caseId, "publish-decision", new { publishedOn = "2025-02-21", channel = "国家企业信用信息公示系统" }, investigator, staff.Investigator1, "decision_published");

        // Ten days late: 3% of 150,000 a day for 10 days = 45,000 (Art. 72).
        var payment = await Step(caseId, "record-payment", new { amount = 195_000m, paidOn = "2025-03-17", receiptNumber = "鲁财 0012345" },
            investigator, staff.Investigator1, "payment_recorded");
        Assert.Equal("2025-03-07", (string?)payment["dueOn"]);
        Assert.Equal(10, (int)payment["lateFeeDays"]!);
        Assert.Equal(45_000m, (decimal)payment["lateFee"]!);
        Assert.Equal(0m, (decimal)payment["outstanding"]!);

        await Step(caseId, "close", new { closedBy = staff.Head, on = "2025-03-18" }, head, staff.Head, "case_closed");
        await Step(caseId, "archive", new { archivedBy = staff.Head, on = "2025-03-19" }, head, staff.Head, "case_archived");

        var summary = await server.SummaryAsync(caseId);
        Assert.Equal("archived", (string?)summary["stage"]);
        Assert.Equal(recorded.Count, summary.Version());
        Assert.Equal((string?)filed["caseNumber"], (string?)summary["caseNumber"]);
        Assert.Equal(150_000m, (decimal)summary["fine"]!);
        Assert.Equal(195_000m, (decimal)summary["paid"]!);
        Assert.Empty(summary["openDeadlines"]!.AsArray());
        foreach (var deadline in summary["deadlines"]!.AsArray())
            Assert.All(DeadlineFields, field => Assert.True(deadline!.AsObject().ContainsKey(field), $"{deadline!["key"]} lacks {field}"));

        AssertDeadline(summary.Deadline("decision"), "行政处罚法 Art. 60", CaseDates.Filed, "natural-days", 90, "2025-04-08", "2025-04-08", "met", CaseDates.Decided);
        AssertDeadline(summary.Deadline("hearing-request"), "行政处罚法 Art. 64", CaseDates.Notified, "working-days", 5, CaseDates.DefenceDue, CaseDates.DefenceDue, "met", CaseDates.HearingRequested);
        AssertDeadline(summary.Deadline("defence"), "行政处罚法 Art. 45", CaseDates.Notified, "working-days", 5, CaseDates.DefenceDue, CaseDates.DefenceDue, "met", CaseDates.HearingRequested);
        AssertDeadline(summary.Deadline("hearing-notice"), "行政处罚法 Art. 64", CaseDates.HearingNoticeServed, "working-days", 7, CaseDates.Hearing, CaseDates.Hearing, "met", CaseDates.Hearing);
        AssertDeadline(summary.Deadline("service"), "行政处罚法 Art. 61", CaseDates.Decided, "working-days", 7, "2025-02-28", "2025-02-28", "met", CaseDates.Served);
        AssertDeadline(summary.Deadline("publication"), "国办发〔2018〕118号 (三项制度)", CaseDates.Decided, "working-days", 7, "2025-02-28", "2025-02-28", "met", "2025-02-21");
        AssertDeadline(summary.Deadline("payment"), "行政处罚法 Art. 67", CaseDates.Served, "natural-days", 15, "2025-03-07", "2025-03-07", "missed", "2025-03-17");
        Assert.Equal("Decision within 90 days of filing", (string?)summary.Deadline("decision")["purpose"]);

        var log = await (await server.Client().GetAsync($"/api/cases/{caseId}/events")).AssertOkAsync();
        Assert.Equal(recorded.Count, log.Version());
        var events = log["events"]!.AsArray();
        Assert.Equal(recorded.Select(r => r.Type), events.Select(e => (string?)e!["type"]));
        Assert.Equal(Enumerable.Range(1, recorded.Count).Select(v => (long)v), events.Select(e => (long)e!["version"]!));
        var sequences = events.Select(e => (long)e!["sequence"]!).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        Assert.Equal(recorded.Select(r => InstantPattern.General.Format(r.At)), events.Select(e => (string?)e!["timestamp"]));
        Assert.Equal(recorded.Select(r => r.Actor), events.Select(e => (string?)e!["actor"]));
        Assert.Equal(staff.Investigator1, (string?)events[0]!["data"]!["recordedBy"]);
    }

    [Fact]
    public async Task late_fee_is_3_percent_a_day_after_the_15_day_deadline_and_never_more_than_the_fine_art_72()
    {
        var staff = await server.StaffAsync();

        async Task<JsonNode> Pay(string paidOn, decimal amount)
        {
            var caseId = await server.CaseWithServedDecisionAsync(staff, fine: 50_000m);
            return (await server.OkAsync(caseId, "record-payment", new { amount, paidOn, receiptNumber = $"R-{paidOn}" }))["events"]![0]!["data"]!;
        }

        var onTheDueDate = await Pay("2025-02-26", 50_000m);
        Assert.Equal(0m, (decimal)onTheDueDate["lateFee"]!);
        Assert.Equal(0m, (decimal)onTheDueDate["outstanding"]!);

        var oneDayLate = await Pay("2025-02-27", 50_000m);
        Assert.Equal(1, (int)oneDayLate["lateFeeDays"]!);
        Assert.Equal(1_500m, (decimal)oneDayLate["lateFee"]!);
        Assert.Equal(1_500m, (decimal)oneDayLate["outstanding"]!);

        var longOverdue = await Pay("2025-05-01", 100_000m);
        Assert.Equal(64, (int)longOverdue["lateFeeDays"]!);
        Assert.Equal(50_000m, (decimal)longOverdue["lateFee"]!);
        Assert.Equal(0m, (decimal)longOverdue["outstanding"]!);
    }

    [Fact]
    public async Task payment_deadline_ending_on_a_rest_day_moves_to_the_next_working_day()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.DecidedCaseAsync(staff);
        // 2025-02-14 + 15 days = Saturday 2025-03-01; the agency's policy extends it to Monday (§5).
        var served = await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-02-14", method = "mail", electronicConsent = false, officers = staff.Investigators });
        Assert.Equal("2025-03-03", (string?)served["events"]![0]!["data"]!["paymentDueOn"]);
        AssertDeadline((await server.SummaryAsync(caseId)).Deadline("payment"), "行政处罚法 Art. 67", "2025-02-14", "natural-days", 15, "2025-03-01", "2025-03-03", "missed", null);
    }

    [Fact]
    public async Task the_decision_deadline_excludes_suspensions_and_adds_extensions_with_their_approver_art_60()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        await server.OkAsync(caseId, "suspend", new { reason = "等待检验结果", on = "2025-01-10", approvedBy = staff.Head });
        Assert.Equal("suspended", (string?)(await server.SummaryAsync(caseId))["stage"]);
        await server.OkAsync(caseId, "resume", new { on = "2025-01-20", approvedBy = staff.Head });
        await server.OkAsync(caseId, "extend-decision-deadline", new { days = 30, approvedBy = staff.Head, reason = "案情复杂", on = "2025-01-21" });

        var decision = (await server.SummaryAsync(caseId)).Deadline("decision");
        // 90 + 10 suspended + 30 days end on Sunday 2025-05-18, moved to Monday by the agency's rest-day extension (domain.md §5).
        Assert.Equal(("2025-05-18", "2025-05-19"), ((string?)decision["rawEnd"], (string?)decision["end"]));
        var excluded = Assert.Single(decision["excluded"]!.AsArray())!;
        Assert.Equal(("2025-01-10", "2025-01-20", "等待检验结果"), ((string?)excluded["from"], (string?)excluded["to"], (string?)excluded["reason"]));
        var extension = Assert.Single(decision["extensions"]!.AsArray())!;
        Assert.Equal((30, staff.Head, "2025-01-21"), ((int)extension["days"]!, (string?)extension["approvedBy"], (string?)extension["approvedOn"]));
        Assert.False((bool)decision["provisional"]!);
    }

    [Fact]
    public async Task a_deferral_into_a_year_without_an_official_calendar_shows_its_approver_and_is_provisional()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.CaseWithServedDecisionAsync(staff);
        await server.OkAsync(caseId, "approve-deferral", new { approvedBy = staff.Head, deferredTo = "2027-01-15", reason = "经营困难，申请延期缴纳", on = "2025-02-20" });

        var payment = (await server.SummaryAsync(caseId)).Deadline("payment");
        Assert.Equal(("2025-02-26", "2027-01-15", "open"), ((string?)payment["rawEnd"], (string?)payment["end"], (string?)payment["status"]));
        var extension = Assert.Single(payment["extensions"]!.AsArray())!;
        Assert.Equal((688, staff.Head, "2025-02-20"), ((int)extension["days"]!, (string?)extension["approvedBy"], (string?)extension["approvedOn"]));
        Assert.True((bool)payment["provisional"]!);
    }

    [Fact]
    public async Task worked_example_a_hearing_request_on_the_sixth_working_day_is_late_art_64()
    {
        var staff = await server.StaffAsync();
        // 50,000 yuan on an organisation is below 100,000: raise it above the threshold so the right is stated.
        var caseId = await server.NotifiedCaseAsync(staff, fine: 150_000m, noticeOn: "2025-01-24");

        var summary = await (await server.Client().GetAsync($"/api/cases/{caseId}")).AssertOkAsync();
        var hearingRequest = summary["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == "hearing-request")!;
        Assert.Equal("2025-02-07", (string?)hearingRequest["end"]);

        await server.AssertRefusedAsync(caseId, "request-hearing", new { requestedOn = "2025-02-08" }, "hearing-request-late");

        var before = await server.VersionAsync(caseId);
        var onTime = await server.OkAsync(caseId, "request-hearing", new { requestedOn = "2025-02-07" });
        Assert.Equal(before + 1, (long)onTime["version"]!);
    }

    [Fact]
    public async Task a_refused_command_appends_nothing()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 150_000m);
        await server.AssertRefusedAsync(caseId, "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = 150_000m } },
            discretion = new { benchmarkItem = "b", level = "l", reason = "r" },
            decidedBy = staff.Head,
            decidedOn = "2025-01-27",
        }, "defence-period-open");
    }

    private static void AssertDeadline(JsonNode deadline, string rule, string trigger, string counting, int length, string rawEnd, string end,
        string status, string? metOn)
    {
        Assert.Equal(rule, (string?)deadline["rule"]);
        Assert.Equal(trigger, (string?)deadline["trigger"]);
        Assert.Equal(counting, (string?)deadline["counting"]);
        Assert.Equal(length, (int)deadline["length"]!);
        Assert.Equal(rawEnd, (string?)deadline["rawEnd"]);
        Assert.Equal(end, (string?)deadline["end"]);
        Assert.Equal(status, (string?)deadline["status"]);
        Assert.Equal(metOn, (string?)deadline["metOn"]);
        Assert.False((bool)deadline["provisional"]!);
        Assert.NotEmpty((string?)deadline["purpose"] ?? "");
    }
}
