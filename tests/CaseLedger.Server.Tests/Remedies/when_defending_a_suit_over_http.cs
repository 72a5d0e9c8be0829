using System.Text.Json.Nodes;
using CaseLedger.Server.Tests.Support;
using Marten;

namespace CaseLedger.Server.Tests.Remedies;

/// <summary>
/// A direct suit against the decision served 2025-01-29 (6 months, 行政诉讼法 Art. 46): filed 2025-07-01, complaint
/// received 07-08, defence 07-15, hearing 09-01, lost on 2026-02-10 (received 02-12), final when the 15 days of appeal
/// pass (02-28); the fake clock stands at 2026-03-02.
/// </summary>
public class when_defending_a_suit_over_http(ServerFixture server) : IClassFixture<ServerFixture>
{
    private async Task<long> VersionOf(string streamId)
    {
        await using var session = server.Store.QuerySession();
        return (await session.Events.FetchStreamStateAsync(streamId))?.Version ?? 0;
    }

    private static JsonNode Deadline(JsonNode summary, string key) => summary["deadlines"]!.AsArray().Single(d => (string?)d!["key"] == key)!;

    [Fact]
    public async Task a_lost_judgment_takes_effect_when_final_and_requires_the_loss_report_before_closing_art_85_outline_item_36()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        string[] officers = [staff.Investigator1];
        var filed = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-01",
            complaintReceivedOn = "2025-07-08",
            staff = officers,
        })).AssertOkAsync(201);
        var id = (string)filed["litigationId"]!;
        var summary = await server.GetAsync($"/api/litigations/{id}");
        Assert.Equal(staff.AgencyId, (string?)summary["defendants"]![0]);
        Assert.Equal("2025-07-23", (string?)Deadline(summary, "defence")["end"]);

        await server.RemedyOkAsync("litigations", id, "submit-defence", new { submittedOn = "2025-07-15", defenceSha256 = CaseScenarios.Hash, staff = officers });
        var version = await VersionOf(id);
        await (await server.RemedyCommandAsync("litigations", id, "record-hearing", new { heldOn = "2025-09-01", appearedBy = Array.Empty<string>(), lawyers = new[] { "孙律师" } }))
            .AssertProblemAsync(422, "appearance-required");
        Assert.Equal(version, await VersionOf(id));
        await server.RemedyOkAsync("litigations", id, "record-hearing", new { heldOn = "2025-09-01", appearedBy = new[] { staff.Head }, lawyers = new[] { "孙律师" } });

        await server.RemedyOkAsync("litigations", id, "record-judgment", new
        {
            outcome = "lost",
            judgedOn = "2026-02-10",
            receivedOn = "2026-02-12",
            judgmentSha256 = CaseScenarios.Hash,
            effect = "revoke",
            staff = officers,
        });
        summary = await server.GetAsync($"/api/litigations/{id}");
        Assert.Equal("2026-02-27", (string?)Deadline(summary, "appeal")["end"]);
        Assert.Equal("judged-appealable", (string?)summary["stage"]);
        // Not final yet: the decision stands and the late fee stays frozen until the appeal period passes (行政诉讼法 Art. 85).
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Null(penalty["revocation"]);
        Assert.Null(penalty["remedies"]![0]!["to"]);
        version = await VersionOf(id);
        await (await server.RemedyCommandAsync("litigations", id, "record-finality", new { on = "2026-02-27", staff = officers }))
            .AssertProblemAsync(422, "appeal-period-open");
        Assert.Equal(version, await VersionOf(id));
        await server.RemedyOkAsync("litigations", id, "record-finality", new { on = "2026-02-28", staff = officers });
        penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["revocation"]!["remedyId"]);
        Assert.Equal("2026-02-28", (string?)penalty["remedies"]![0]!["to"]);

        summary = await server.GetAsync($"/api/litigations/{id}");
        Assert.True((bool)summary["lossReportRequired"]!);
        Assert.Equal("2026-03-14", (string?)Deadline(summary, "loss-report")["end"]);
        Assert.Equal("open", (string?)Deadline(summary, "loss-report")["status"]);

        version = await VersionOf(id);
        await (await server.RemedyCommandAsync("litigations", id, "close", new { closedOn = "2026-03-02", staff = officers }))
            .AssertProblemAsync(422, "loss-report-required");
        Assert.Equal(version, await VersionOf(id));

        await server.RemedyOkAsync("litigations", id, "file-loss-report", new { filedOn = "2026-02-20", submittedTo = "济南市人民政府", reportSha256 = CaseScenarios.Hash, staff = officers });
        await server.RemedyOkAsync("litigations", id, "record-performance", new { performedOn = "2026-02-25", description = "撤销处罚决定，退还罚款", staff = officers });
        await server.RemedyOkAsync("litigations", id, "close", new { closedOn = "2026-03-02", staff = officers });
        Assert.Equal("closed", (string?)(await server.GetAsync($"/api/litigations/{id}"))["stage"]);

        // The final judgment revoked the decision on the case; the suit froze the late fee until it was final.
        penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Equal(id, (string?)penalty["revocation"]!["remedyId"]);
        Assert.Equal("litigation", (string?)penalty["remedies"]![0]!["kind"]);
        Assert.Equal("2026-02-28", (string?)penalty["remedies"]![0]!["to"]);
    }

    [Fact]
    public async Task an_appealed_judgment_takes_effect_with_the_second_instance_judgment_art_85()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        string[] officers = [staff.Investigator1];
        var id = (string)(await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId, court = "济南市历下区人民法院", plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29", filedOn = "2025-07-01", complaintReceivedOn = "2025-07-08", staff = officers,
        })).AssertOkAsync(201))["litigationId"]!;
        await server.RemedyOkAsync("litigations", id, "record-judgment", new
        {
            outcome = "lost", judgedOn = "2026-01-05", receivedOn = "2026-01-06", judgmentSha256 = CaseScenarios.Hash, effect = "revoke", staff = officers,
        });
        await server.RemedyOkAsync("litigations", id, "record-appeal", new { by = "defendant", on = "2026-01-15", staff = officers });
        await (await server.RemedyCommandAsync("litigations", id, "record-finality", new { on = "2026-01-25", staff = officers })).AssertProblemAsync(422, "wrong-stage");
        Assert.Null((await server.GetAsync($"/api/cases/{caseId}"))["revocation"]);

        // The court of second instance finds for the agency: final on delivery, the decision stands, the freeze ends.
        await server.RemedyOkAsync("litigations", id, "record-judgment", new
        {
            outcome = "won", judgedOn = "2026-02-20", receivedOn = "2026-02-24", judgmentSha256 = CaseScenarios.Hash, instance = "second", staff = officers,
        });
        var penalty = await server.GetAsync($"/api/cases/{caseId}");
        Assert.Null(penalty["revocation"]);
        Assert.Equal("2026-02-24", (string?)penalty["remedies"]![0]!["to"]);
    }

    [Fact]
    public async Task a_suit_after_six_months_is_recorded_late_and_reported_by_the_audit_art_46()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var filed = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId,
            court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29",
            filedOn = "2025-07-30",
            complaintReceivedOn = "2025-08-04",
            staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201);
        // The court registered it: recorded, never refused; its lateness is the court's to judge and the audit's to report.
        var suit = (JsonObject)filed["events"]![0]!["data"]!;
        Assert.Equal(("2025-07-29", true), ((string?)suit["filingDueOn"], (bool)suit["late"]!));
        var id = (string)filed["litigationId"]!;
        var audit = await server.GetAsync($"/api/audit/verify?caseId={id}");
        Assert.Contains("suit-late", audit.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>Reconsidered, decided 2026-02-26 and served 02-27: a suit within 15 days (by 03-16) names the defendants 解释 Art. 22 gives.</summary>
    [Theory]
    [InlineData("confirm-illegal", "public-interest", false)]
    [InlineData("confirm-illegal", "minor-procedural-flaw", true)]
    [InlineData("confirm-void", "manifestly-illegal", false)]
    public async Task confirming_the_act_void_or_illegal_other_than_for_procedure_makes_the_body_sole_defendant_interpretation_art_22(
        string type, string ground, bool agencyToo)
    {
        var staff = await server.StaffAsync();
        var body = await server.ReconsiderationBodyAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var reconsideration = await server.RepliedReconsiderationAsync(caseId, body);
        await server.RemedyOkAsync("reconsiderations", reconsideration, "decide", new
        {
            type, grounds = new[] { ground }, decidedBy = body.Head, decidedOn = "2026-02-26", reasons = "理由", staff = new[] { body.Staff1, body.Staff2 },
        });
        await server.RemedyOkAsync("reconsiderations", reconsideration, "serve-decision", new { servedOn = "2026-02-27", staff = new[] { body.Staff1 } });
        // The body is sued in each case: its reconsideration staff record the suit (and, sued alone, only they may).
        var filed = await (await server.Client(Recorders.Of(server, body.BodyId)).PostJsonAsync("/api/litigations", new
        {
            caseId, reconsiderationId = reconsideration, court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-03-10", filedOn = "2026-03-02", complaintReceivedOn = "2026-03-02", staff = new[] { body.Staff1 },
        })).AssertOkAsync(201);
        var summary = await server.GetAsync($"/api/litigations/{(string)filed["litigationId"]!}");
        var defendants = summary["defendants"]!.AsArray().Select(d => (string?)d).ToArray();
        Assert.Equal(agencyToo ? [staff.AgencyId, body.BodyId] : [body.BodyId], defendants);
        Assert.Equal("2026-03-16", (string?)filed["events"]![0]!["data"]!["filingDueOn"]);
        var id = (string)filed["litigationId"]!;
        var defence = new { submittedOn = "2026-03-02", defenceSha256 = CaseScenarios.Hash, staff = new[] { staff.Investigator1 } };
        if (agencyToo) await server.RemedyOkAsync("litigations", id, "submit-defence", defence, staff.TokenOf(staff.Head));
        else await (await server.RemedyCommandAsync("litigations", id, "submit-defence", defence, staff.TokenOf(staff.Head))).AssertProblemAsync(403, "forbidden");
    }

    /// <summary>No notice of the right to sue: 6 months from learning of it (2025-04-01 → 10-01, in the National Day holiday → 10-09), never beyond a year.</summary>
    [Fact]
    public async Task without_notice_of_the_right_to_sue_6_months_from_learning_of_it_at_most_a_year_interpretation_art_64()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.PublishedCaseAsync(staff);
        var filed = await (await server.Client(staff.TokenOf(staff.Head)).PostJsonAsync("/api/litigations", new
        {
            caseId, court = "济南市历下区人民法院",
            plaintiff = new { kind = "organisation", name = "济南某食品有限公司", idNumber = "91370100MA3C000000" },
            knewOn = "2025-01-29", remedyNoticeGiven = false, learnedOfRightOn = "2025-04-01",
            filedOn = "2025-10-09", complaintReceivedOn = "2025-10-13", staff = new[] { staff.Investigator1 },
        })).AssertOkAsync(201);
        var suit = filed["events"]![0]!["data"]!;
        Assert.Equal(("2025-10-09", false), ((string?)suit["filingDueOn"], (bool)suit["late"]!));
    }
}
