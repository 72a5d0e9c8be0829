using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_registering_a_lead
{
    [Fact]
    public void the_lead_is_registered_with_the_officer_and_certificate()
    {
        var registered = new Spec([]).When(Lead()).Single<LeadRegistered>();
        Assert.Equal(Fixtures.CaseId, registered.CaseId);
        Assert.Equal(Fixtures.Domain, registered.AgencyDomain);
        Assert.Equal(new OfficerSignature("zhang", "SD-ZHANG-01", SignatureCapacity.Officer), Assert.Single(registered.Officers));
    }

    [Fact]
    public void a_body_without_party_is_validation_failed() =>
        new Spec([]).When(Lead() with { Party = null }).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void an_unknown_agency_is_not_found() =>
        new Spec([]).When(Lead() with { AgencyId = "elsewhere" }).Refused(RefusalCodes.NotFound);

    [Fact]
    public void a_discovery_after_today_is_date_out_of_order() =>
        new Spec([]).When(Lead(discovered: Fixtures.Today.PlusDays(1))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void a_command_on_a_case_that_does_not_exist_is_not_found() =>
        new Spec([]).When(File()).Refused(RefusalCodes.NotFound);
}

public class when_filing
{
    [Fact]
    public void the_case_gets_a_deterministic_number_and_keeps_the_policy_of_the_filing_date()
    {
        var filed = NewLead().When(File()).Single<CaseFiled>();
        Assert.Equal("amr-licheng-2025-0f3c2a91", filed.CaseNumber);
        Assert.Equal(Fixtures.Policy, filed.Policy);
        Assert.Equal("2021", filed.LawVersion);
        Assert.Contains(filed.Officers, o => o is { OfficerId: "head", Capacity: SignatureCapacity.Approver });
    }

    [Fact]
    public void a_later_policy_change_never_rewrites_the_case()
    {
        var notice = FiledCase().With(Fixtures.Policy with { HearingThresholds = new(1_000m, 1_000m) })
            .Then(Evidence()).Then(Conclude()).When(Notice()).Single<PenaltyNoticeServed>();
        Assert.False(notice.HearingRightStated);
    }

    [Fact]
    public void two_certified_officers_art_42() =>
        NewLead().When(File(officers: ["zhang"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void auxiliaries_never_count_towards_two_officers_art_42() =>
        NewLead().When(File(officers: ["zhang", "zhao"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void the_same_officer_twice_is_one_officer_art_42() =>
        NewLead().When(File(officers: ["zhang", "zhang"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void an_officer_whose_certificate_expired_is_not_certified_i1() =>
        NewLead().When(File(officers: ["zhang", "expired"])).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void an_auxiliary_alongside_two_officers_never_signs_i1() =>
        NewLead().When(File(officers: ["zhang", "li", "zhao"])).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void approval_by_an_agency_head_art_54() =>
        NewLead().When(File(approvedBy: "wang")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void the_actor_must_be_a_named_officer_or_a_head() =>
        NewLead().As("clerk").When(File()).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void a_named_officer_may_record_the_step() =>
        NewLead().As("zhang").When(File()).Single<CaseFiled>();

    [Fact]
    public void an_auxiliary_actor_is_forbidden_i1() =>
        NewLead().As("zhao").When(File()).Refused(RefusalCodes.Forbidden);

    [Fact]
    public void limitation_of_two_years_art_36() =>
        new Spec([]).Then(Lead(actEnded: new LocalDate(2022, 12, 31), discovered: new LocalDate(2025, 1, 2)))
            .When(File()).Refused(RefusalCodes.LimitationExpired);

    [Fact]
    public void limitation_of_five_years_for_life_health_with_harm_art_36() =>
        new Spec([]).Then(Lead(actEnded: new LocalDate(2022, 12, 31), category: ViolationCategory.LifeHealth, harm: true))
            .When(File()).Single<CaseFiled>();

    [Fact]
    public void a_filing_before_the_lead_was_discovered_is_date_out_of_order() =>
        NewLead().When(File(on: new LocalDate(2025, 1, 1))).Refused(RefusalCodes.DateOutOfOrder);

    [Fact]
    public void filing_twice_appends_nothing() =>
        FiledCase().When(File()).AppendsNothing();

    [Fact]
    public void checks_of_the_request_come_first_validation_then_role_then_certificate() =>
        NewLead().As("clerk").When(File(officers: ["zhang", "expired"]) with { ApprovedBy = null }).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void a_fast_track_lead_where_the_policy_has_none_fast_track_not_allowed() =>
        NewLead(Procedure.FastTrack).When(File()).Refused(RefusalCodes.FastTrackNotAllowed);
}
