using System.Text.Json;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Json;
using NodaTime;

namespace CaseLedger.Tests.Contracts;

/// <summary>
/// Events evolve by adding optional fields (style.md, Events): an event stored before a field existed reads back with
/// the value the law gives it by default, never a zero that would change what the case means.
/// </summary>
public class when_reading_events_stored_before_a_field_was_added
{
    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, CaseLedgerJson.Stored)!;

    [Fact]
    public void a_filed_case_without_decision_limits_keeps_90_and_30_days()
    {
        var filed = Read<CaseFiled>("""
            {"caseId":"c","caseNumber":"n","filedOn":"2025-01-24","approvedBy":"h","leadOfficer":"o",
             "policy":{"hearingThresholds":{"citizen":1,"organisation":2},"legalReviewCatalogue":[],"fastTrack":false,"restDayExtension":true},
             "lawVersion":"2021","officers":[],"documents":[],"recordedBy":"h"}
            """);
        Assert.Equal((90, 30), (filed.Policy.DecisionDays, filed.Policy.ExtensionDays));
    }

    [Fact]
    public void a_lead_without_harm_recorded_has_none()
    {
        var lead = Read<LeadRegistered>("""
            {"caseId":"c","agencyId":"a","agencyDomain":"d","procedure":"general","party":{"kind":"citizen","name":"n","idNumber":null},
             "violation":{"description":"x","actEndedOn":"2024-11-20","continuing":false,"category":"life-health"},
             "source":null,"discoveredOn":"2025-01-02","officers":[],"documents":[],"recordedBy":"o"}
            """);
        Assert.False(lead.Violation.HarmCaused);
    }

    [Fact]
    public void a_decision_without_a_late_reason_was_in_time()
    {
        var made = Read<DecisionMade>("""
            {"caseId":"c","decisionNumber":"n","outcome":"penalty","penalties":[],"discretion":null,"decidedBy":"h",
             "decidedOn":"2025-02-20","hearingRecordSha256":null,"officers":[],"documents":[],"recordedBy":"h"}
            """);
        Assert.Equal((null, null), (made.LateReason, made.DueOn));
    }

    [Fact]
    public void an_officer_registered_without_a_start_date_has_none()
    {
        var registered = Read<OfficerRegistered>("""
            {"officerId":"o","name":"n","agencyId":"a","roles":["legal-reviewer"],"legalProfessionalQualification":false,
             "registeredBy":"admin","registeredAt":"2025-01-24T02:30:00Z"}
            """);
        Assert.Null(registered.ReviewingSince);
    }

    [Fact]
    public void a_remedy_ended_without_a_suit_window_reads_as_none()
    {
        var ended = Read<RemedyEnded>("""{"caseId":"c","kind":"litigation","remedyId":"l","endedOn":"2025-06-05","recordedBy":"system"}""");
        Assert.Null(ended.SuitOpenUntil);
        Assert.Equal(new LocalDate(2025, 6, 5), ended.EndedOn);
    }

    [Fact]
    public void a_judgment_without_an_instance_reads_as_first_instance()
    {
        var judged = Read<JudgmentRecorded>("""
            {"litigationId":"l","outcome":"lost","judgedOn":"2025-06-03","receivedOn":"2025-06-05","effect":"revoke","newPenalties":[],
             "lossReportDueOn":"2025-07-05","performanceDueOn":"2025-07-05","judgmentSha256":"b","officers":[],"documents":[],"recordedBy":"x"}
            """);
        Assert.Equal((JudgmentInstance.First, false, (LocalDate?)null), (judged.Instance, judged.Ruling, judged.AppealDueOn));
    }

    [Fact]
    public void a_petition_reply_without_a_receipt_reads_as_not_recorded()
    {
        var replied = Read<PetitionReplied>("""
            {"petitionId":"p","outcome":"not-supported","repliedOn":"2025-04-20","opinionSha256":"a","reviewRequestDueOn":"2025-05-20",
             "officers":[],"documents":[],"recordedBy":"x"}
            """);
        Assert.Null(replied.ReceivedOn);
    }

    /// <summary>A routing stored before it recorded the application's fields: the notice counts as given (the routing's default), the case is the lodging's.</summary>
    [Fact]
    public void a_petition_routing_without_the_application_fields_reads_with_the_routing_defaults()
    {
        var routed = Read<PetitionRouted>("""
            {"petitionId":"p","to":"arbitration","reason":"r","routedOn":"2025-04-20","reconsiderationId":null,"officers":[],"documents":[],"recordedBy":"x"}
            """);
        Assert.Equal(((string?)null, (LocalDate?)null, (bool?)null, (string?)null), (routed.CaseId, routed.KnewOn, routed.RemedyNoticeGiven, routed.Body));
    }
}
