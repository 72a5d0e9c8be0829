using CaseLedger.Domain;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.Penalty;
using CaseLedger.Server.Tests.Support;

namespace CaseLedger.Server.Tests.Audit;

/// <summary>
/// Defective histories written straight into the store, around the command rules: the audit replays the
/// stored events and names each skipped step, missed deadline and unqualified act with its rule and article.
/// </summary>
public class when_auditing_the_procedure_of_stored_cases(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static Finding Single(IReadOnlyList<Finding> findings, string code) =>
        Assert.Single(findings, f => f.Code == code);

    [Fact]
    public async Task a_decision_with_no_notice_served_is_a_skipped_step_art_62()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 3_000m));

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "penalty-notice-required");
        Assert.Equal("step-skipped", finding.Kind);
        Assert.Equal(5, finding.Version);
        Assert.StartsWith("I4", finding.Rule, StringComparison.Ordinal);
        Assert.Contains("Art", finding.Article, StringComparison.Ordinal);
        Assert.Contains("62", finding.Article, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_major_case_decided_without_legal_review_is_a_skipped_step_art_58()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m, major: true, notice: true);
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 3_000m));

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "legal-review-required");
        Assert.Equal(("step-skipped", "行政处罚法 Art. 58"), (finding.Kind, finding.Article));
    }

    [Fact]
    public async Task a_major_case_decided_without_collective_discussion_is_a_skipped_step_art_57()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m, major: true, notice: true);
        await server.OkAsync(caseId, "waive-rights", new { on = "2025-01-27", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "request-legal-review", new { on = "2025-02-05", officers = new[] { staff.Investigator1 } });
        await server.OkAsync(caseId, "complete-legal-review", new { reviewerId = staff.Reviewer, outcome = "passed", opinion = "同意", on = "2025-02-10" });
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 3_000m));

        var findings = (await server.AuditAsync(caseId)).FindingsOf(caseId);
        var finding = Single(findings, "collective-discussion-required");
        Assert.Equal(("step-skipped", "行政处罚法 Art. 57"), (finding.Kind, finding.Article));
        Assert.DoesNotContain(findings, f => f.Code == "legal-review-required");
    }

    [Fact]
    public async Task a_decision_while_a_timely_hearing_request_waits_is_a_skipped_hearing_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.NotifiedCaseAsync(staff, fine: 150_000m);
        await server.OkAsync(caseId, "request-hearing", new { requestedOn = "2025-02-05" });
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 150_000m));

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "hearing-pending");
        Assert.Equal("step-skipped", finding.Kind);
        Assert.StartsWith("I5", finding.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_case_left_undecided_past_90_days_misses_its_decision_deadline_art_60()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "deadline-missed:decision");
        Assert.Equal(("deadline-missed", "行政处罚法 Art. 60"), (finding.Kind, finding.Article));
        Assert.Contains("2025-04-08", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task evidence_signed_by_an_officer_without_a_certificate_is_reported_art_42()
    {
        var staff = await server.StaffAsync();
        var (uncertified, _) = await server.OfficerAsync(staff.AgencyId, certified: false);
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        await server.AppendAroundTheRulesAsync(caseId, new EvidenceCollected(caseId, "E9", EvidenceKind.Documentary, "补充材料", null,
            new NodaTime.LocalDate(2025, 1, 21), null,
            [new OfficerSignature(staff.Investigator1, $"SD-{staff.Investigator1}", SignatureCapacity.Officer),
             new OfficerSignature(uncertified, null, SignatureCapacity.Officer)], [], "admin"));

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "officer-not-certified");
        Assert.Equal(("officer", 5L), (finding.Kind, finding.Version));
        Assert.Contains(uncertified, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_certificate_revoked_with_effect_before_an_act_makes_that_act_uncertified_on_its_business_date()
    {
        // Its own staff: the revocation must not touch the other tests' officers.
        var staff = await server.NewStaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        Assert.DoesNotContain((await server.AuditAsync(caseId)).FindingsOf(caseId), f => f.Kind == "officer");

        await (await server.Client().PostJsonAsync($"/api/officers/{staff.Investigator2}/certificates/SD-{staff.Investigator2}/revoke",
            new { effectiveOn = "2025-01-09", reason = "证件系伪造" })).AssertOkAsync();

        var findings = (await server.AuditAsync(caseId)).FindingsOf(caseId).Where(f => f.Code == "officer-not-certified").ToList();
        Assert.Equal([3L, 4L], findings.Select(f => f.Version!.Value));
    }

    [Fact]
    public async Task an_act_by_a_recused_officer_is_reported_art_43()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        await server.OkAsync(caseId, "apply-recusal", new { officerId = staff.Investigator2, appliedBy = "party", reason = "与当事人有利害关系", on = "2025-01-21" });
        await server.OkAsync(caseId, "decide-recusal", new { officerId = staff.Investigator2, granted = true, decidedBy = staff.Head, on = "2025-01-22" });
        await server.AppendAroundTheRulesAsync(caseId, new PenaltyNoticeServed(caseId, [new PenaltyTerm(PenaltyKind.Fine, 3_000m)], false,
            ServiceMethod.Direct, new NodaTime.LocalDate(2025, 1, 24), null, new NodaTime.LocalDate(2025, 2, 7),
            [new OfficerSignature(staff.Investigator1, $"SD-{staff.Investigator1}", SignatureCapacity.Officer),
             new OfficerSignature(staff.Investigator2, $"SD-{staff.Investigator2}", SignatureCapacity.Officer)], [], "admin"));

        var finding = Single((await server.AuditAsync(caseId)).FindingsOf(caseId), "officer-recused");
        Assert.Equal(("officer", "行政处罚法 Art. 43", 7L), (finding.Kind, finding.Article, finding.Version));
    }

    [Fact]
    public async Task the_http_verify_endpoint_reports_per_case_with_rule_and_article_and_auditors_only()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m);
        await server.AppendAroundTheRulesAsync(caseId, AuditScenarios.Decision(caseId, staff, 3_000m));

        var report = await server.VerifyOverHttpAsync(caseId);
        Assert.False((bool)report["clean"]!);
        var stream = report["streams"]!.AsArray().Single(s => (string?)s!["stream"] == caseId)!;
        var finding = stream["findings"]!.AsArray().Single(f => (string?)f!["code"] == "penalty-notice-required")!;
        Assert.Equal("行政处罚法 Arts. 44, 62", (string?)finding["article"]);
        Assert.Equal(5, (long)finding["version"]!);

        var (_, officerToken) = await server.OfficerAsync(staff.AgencyId);
        await (await server.Client(officerToken).GetAsync($"/api/audit/verify?caseId={caseId}")).AssertProblemAsync(403, "forbidden");
        await (await server.Client().GetAsync($"/api/audit/verify?caseId={Guid.NewGuid()}")).AssertProblemAsync(404, "not-found");
    }

    [Fact]
    public async Task a_case_run_through_the_commands_has_no_procedure_findings()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.ConcludedForAuditAsync(staff, fine: 3_000m, notice: true);
        await server.OkAsync(caseId, "waive-rights", new { on = "2025-01-27", mediaSha256 = CaseScenarios.Hash });
        await server.OkAsync(caseId, "decide", new
        {
            outcome = "penalty",
            penalties = new[] { new { kind = "fine", amount = 3_000m } },
            discretion = new { benchmarkItem = "食品安全法 Art. 124 基准 3", level = "ordinary", reason = "首次违法" },
            decidedBy = staff.Head,
            decidedOn = "2025-01-28",
        });
        await server.OkAsync(caseId, "serve-decision", new { servedOn = "2025-01-29", method = "direct", electronicConsent = false, officers = new[] { staff.Investigator1 } });
        await server.OkAsync(caseId, "publish-decision", new { publishedOn = "2025-02-05", channel = "信用中国" });
        // Paid: an unpaid fine never sent to court within its window would be a finding (deadline-missed:court-enforcement).
        await server.OkAsync(caseId, "record-payment", new { amount = 3_000m, paidOn = "2025-02-10", receiptNumber = "SD-2025-0210" });

        Assert.Empty((await server.AuditAsync(caseId)).FindingsOf(caseId));
    }
}
