using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Tests.CaseFileReviews;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.SupervisionMatters;
using static CaseLedger.Domain.Tests.Disputes.DisputeFixtures;
using static CaseLedger.Domain.Tests.Disputes.DisputeSpec;

namespace CaseLedger.Domain.Tests.Disputes;

public class when_raising_a_dispute
{
    [Fact]
    public void an_agencys_head_refers_it_to_the_governments_legal_affairs_office_art_18()
    {
        var raised = new DisputeSpec([]).As("head").When(Raise()).Single<DisputeRaised>();
        Assert.Equal((Licheng, SupervisionSpec.Office, Fixtures.CaseId), (raised.RaisedByAgency, raised.Office, raised.CaseId));
        Assert.Equal([Other], raised.Agencies);
        // An officer is not the agency's head; a supervisor does not raise it for the agencies.
        new DisputeSpec([]).As("zhang").When(Raise(raisedBy: "zhang")).Refused(RefusalCodes.Forbidden);
        new DisputeSpec([]).As("head").When(Raise(raisedBy: "zhang")).Refused(RefusalCodes.OfficerNotCertified);
    }

    [Fact]
    public void the_office_supervises_every_party_and_is_none_of_them_art_18_art_4()
    {
        var otherLine = SupervisionFixtures.Office with { Domain = "ecology-environment", Level = AgencyLevel.City };
        new DisputeSpec([]) { Parties = new(otherLine, [Fixtures.Agency(), ReviewFixtures.OtherAgency], Licheng) }.As("head").When(Raise())
            .Refused(RefusalCodes.NotSupervisingOrgan);
        var above = ReviewFixtures.OtherAgency with { Level = AgencyLevel.City };
        new DisputeSpec([]) { Parties = new(SupervisionFixtures.Office, [Fixtures.Agency(), above], Licheng) }.As("head").When(Raise())
            .Refused(RefusalCodes.NotSupervisingOrgan);
        new DisputeSpec([]) { Parties = new(null, [Fixtures.Agency(), ReviewFixtures.OtherAgency], Licheng) }.As("head").When(Raise())
            .Refused(RefusalCodes.NotFound);
        new DisputeSpec([]) { Parties = new(Fixtures.Agency(), [Fixtures.Agency(), ReviewFixtures.OtherAgency], Licheng) }.As("head")
            .When(Raise(office: Licheng)).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void the_parties_common_superior_in_their_line_designates_the_competent_one_penalty_law_art_25()
    {
        var superior = Fixtures.Agency() with { Id = "amr-jinan", Level = AgencyLevel.City };
        Assert.Equal("amr-jinan", new DisputeSpec([]) { Parties = new(superior, [Fixtures.Agency(), ReviewFixtures.OtherAgency], Licheng) }.As("head")
            .When(Raise(office: "amr-jinan")).Single<DisputeRaised>().Office);
    }

    [Fact]
    public void a_dispute_is_between_the_raising_agency_and_other_registered_agencies_art_18()
    {
        new DisputeSpec([]).As("head").When(Raise(agencies: [])).Refused(RefusalCodes.ValidationFailed);
        new DisputeSpec([]).As("head").When(Raise(agencies: [Licheng])).Refused(RefusalCodes.ValidationFailed);
        new DisputeSpec([]).As("head").When(Raise(agencies: ["amr-nowhere"])).Refused(RefusalCodes.NotFound);
    }

    [Fact]
    public void a_dispute_over_a_case_has_the_cases_agency_among_its_parties_art_18()
    {
        new DisputeSpec([]) { Parties = new(SupervisionFixtures.Office, [Fixtures.Agency(), ReviewFixtures.OtherAgency], "amr-third") }.As("head")
            .When(Raise()).Refused(RefusalCodes.ValidationFailed);
        new DisputeSpec([]) { Parties = new(SupervisionFixtures.Office, [Fixtures.Agency(), ReviewFixtures.OtherAgency], null) }.As("head")
            .When(Raise()).Refused(RefusalCodes.NotFound);
        // The other party may raise it over the case too.
        Assert.Equal(Other, new DisputeSpec([]).As("other-head").When(Raise(raisedBy: "other-head", agencies: [Licheng])).Single<DisputeRaised>().RaisedByAgency);
    }

    [Fact]
    public void raising_it_again_appends_nothing() => Raised().As("head").When(Raise()).AppendsNothing();
}

public class when_the_office_coordinates_a_dispute
{
    [Fact]
    public void two_certified_supervision_staff_of_the_office_record_the_agreement_art_22()
    {
        Raised().When(Agree([Licheng], supervisors: ["sv-1"])).Refused(RefusalCodes.TwoOfficersRequired);
        Raised().When(Agree([Licheng], supervisors: ["sv-1", "sv-uncertified"])).Refused(RefusalCodes.OfficerNotCertified);
        // A party's head does not record the office's agreement; nor does another office's staff.
        Raised().As("head").When(Agree([Licheng], supervisors: ["head", "deputy"])).Refused(RefusalCodes.Forbidden);
        Raised().As("sv-elsewhere").When(Agree([Licheng], supervisors: ["sv-elsewhere", "sv-elsewhere-2"])).Refused(RefusalCodes.Forbidden);
    }

    [Fact]
    public void an_agreement_binds_the_agencies_that_signed_it_art_18()
    {
        var partly = Raised().Then(Agree([Licheng]));
        var agreement = partly.History.OfType<DisputeAgreementRecorded>().Single();
        Assert.False(agreement.Settled);
        Assert.Equal(RefusalCodes.BoundByDispute, Dispute.Binding(partly.State!, Licheng)?.Code);
        // The competent agency is not kept from deciding; an agency that did not sign is not bound by it.
        Assert.Null(Dispute.Binding(partly.State!, Other));
        Assert.Equal("partly-agreed", Dispute.StageOf(partly.State!));
        var settled = partly.Then(Agree([Licheng, Other]) with { AgreedOn = AgreedOn.PlusDays(1) });
        Assert.True(settled.History.OfType<DisputeAgreementRecorded>().Last().Settled);
        Assert.Equal("agreed", Dispute.StageOf(settled.State!));
    }

    [Fact]
    public void an_agreement_names_only_parties_and_over_competence_the_competent_agency_art_18()
    {
        Raised().When(Agree(["amr-third"])).Refused(RefusalCodes.ValidationFailed);
        Raised().When(Agree([Licheng], competent: "amr-third")).Refused(RefusalCodes.ValidationFailed);
        Raised().When(Agree([Licheng], competent: null)).Refused(RefusalCodes.ValidationFailed);
        Raised().When(Agree([Licheng]) with { AgreementSha256 = null }).Refused(RefusalCodes.ValidationFailed);
        Raised().When(Agree([Licheng]) with { AgreedOn = RaisedOn.PlusDays(-1) }).Refused(RefusalCodes.DateOutOfOrder);
    }

    [Fact]
    public void recording_the_agreement_again_appends_nothing() => Raised().Then(Agree([Licheng])).When(Agree([Licheng])).AppendsNothing();
}

public class when_the_government_rules_on_a_dispute
{
    [Fact]
    public void the_government_rules_only_failing_agreement_art_18() =>
        Raised().Then(Agree([Licheng, Other])).When(Rule([Licheng, Other])).Refused(RefusalCodes.DisputeAgreed);

    [Fact]
    public void the_ruling_binds_the_agencies_it_names_art_18()
    {
        var ruled = Raised().Then(Agree([Licheng], competent: Licheng)).Then(Rule([Licheng, Other]));
        Assert.Equal("ruled", Dispute.StageOf(ruled.State!));
        // The ruling prevails over the earlier agreement Licheng signed: the other agency is competent.
        Assert.Equal(RefusalCodes.BoundByDispute, Dispute.Binding(ruled.State!, Licheng)?.Code);
        Assert.Null(Dispute.Binding(ruled.State!, Other));
        Raised().When(Rule(["amr-third"])).Refused(RefusalCodes.ValidationFailed);
        ruled.When(Rule([Licheng]) with { RuledOn = RuledOn.PlusDays(1) }).Refused(RefusalCodes.WrongStage);
    }

    [Fact]
    public void a_ruling_over_the_basis_applied_binds_without_keeping_anyone_from_deciding_art_18()
    {
        var ruled = new DisputeSpec([]).Then(Raise(kind: DisputeKind.EnforcementBasis), "head").Then(Rule([Licheng, Other], competent: null));
        Assert.Null(Dispute.Binding(ruled.State!, Licheng));
    }

    [Fact]
    public void recording_the_ruling_again_appends_nothing() => Raised().Then(Rule([Licheng])).When(Rule([Licheng])).AppendsNothing();
}
