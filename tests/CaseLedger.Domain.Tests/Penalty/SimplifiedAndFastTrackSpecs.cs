using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Tests.Penalty.Scenarios;

namespace CaseLedger.Domain.Tests.Penalty;

public class when_deciding_on_the_spot
{
    private static readonly LocalDate On = new(2025, 1, 3);

    private static DecideOnTheSpot Spot(PenaltyTerm penalty, string officer = "zhang") =>
        new(penalty, "SD-0001234", officer, On, Benchmark);

    private static Spec Lead(PartyKind party = PartyKind.Citizen) => HeardLead(On, party);

    [Fact]
    public void a_fine_of_200_yuan_on_a_citizen_art_51() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.Fine, 200m))).Single<OnTheSpotDecisionMade>();

    [Fact]
    public void a_fine_above_200_yuan_on_a_citizen_is_not_simplified_art_51() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.Fine, 201m))).Refused(RefusalCodes.SimplifiedProcedureNotAllowed);

    [Fact]
    public void a_fine_of_3000_yuan_on_an_organisation_art_51() =>
        Lead(PartyKind.Organisation).When(Spot(new PenaltyTerm(PenaltyKind.Fine, 3_000m))).Single<OnTheSpotDecisionMade>();

    [Fact]
    public void a_fine_above_3000_yuan_on_an_organisation_is_not_simplified_art_51() =>
        Lead(PartyKind.Organisation).When(Spot(new PenaltyTerm(PenaltyKind.Fine, 3_001m))).Refused(RefusalCodes.SimplifiedProcedureNotAllowed);

    [Fact]
    public void a_warning_art_51() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.Warning, null)) with { Discretion = null }).Single<OnTheSpotDecisionMade>();

    [Fact]
    public void a_licence_suspension_is_never_simplified_art_51() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.LicenceSuspension, null))).Refused(RefusalCodes.SimplifiedProcedureNotAllowed);

    [Fact]
    public void one_certified_officer_signs_art_52() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.Fine, 100m), officer: "zhao")).Refused(RefusalCodes.OfficerNotCertified);

    [Fact]
    public void the_form_is_numbered_art_52() =>
        Lead().When(Spot(new PenaltyTerm(PenaltyKind.Fine, 100m)) with { FormNumber = null }).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void a_general_case_is_not_decided_on_the_spot() =>
        NewLead().When(Spot(new PenaltyTerm(PenaltyKind.Fine, 100m))).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void collection_on_the_spot_only_up_to_100_yuan_art_68() =>
        Lead().Then(Spot(new PenaltyTerm(PenaltyKind.Fine, 200m)))
            .When(new CollectOnTheSpot(200m, CollectionGround.SmallFine, "F-1", "zhang", On)).Refused(RefusalCodes.SimplifiedProcedureNotAllowed);

    [Fact]
    public void collection_on_the_spot_in_a_remote_area_art_69() =>
        Lead().Then(Spot(new PenaltyTerm(PenaltyKind.Fine, 200m)))
            .When(new CollectOnTheSpot(200m, CollectionGround.RemoteArea, "F-1", "zhang", On)).Single<OnTheSpotFineCollected>();

    [Fact]
    public void a_fine_collected_on_the_spot_is_not_paid_again() =>
        Lead().Then(Spot(new PenaltyTerm(PenaltyKind.Fine, 50m)))
            .Then(new CollectOnTheSpot(50m, CollectionGround.SmallFine, "F-1", "zhang", On))
            .When(new RecordPayment(50m, On, "R-1")).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_case_closes_after_cash_hand_over_and_filed_copy_arts_52_71()
    {
        var spec = Lead().Then(Spot(new PenaltyTerm(PenaltyKind.Fine, 50m)))
            .Then(new CollectOnTheSpot(50m, CollectionGround.SmallFine, "F-1", "zhang", On));
        spec.When(Close(On)).Refused(RefusalCodes.CaseNotClosable);
        spec = spec.Then(new HandOverCash(new LocalDate(2025, 1, 6), "zhang"));
        spec.When(Close(new LocalDate(2025, 1, 6))).Refused(RefusalCodes.CaseNotClosable);
        spec.Then(new FileCopy(new LocalDate(2025, 1, 6), "zhang")).When(Close(new LocalDate(2025, 1, 6))).Single<CaseClosed>();
    }

    [Fact]
    public void the_cash_hand_over_is_due_in_2_working_days_art_71()
    {
        var spec = Lead().Then(Spot(new PenaltyTerm(PenaltyKind.Fine, 50m)))
            .Then(new CollectOnTheSpot(50m, CollectionGround.SmallFine, "F-1", "zhang", On))
            .Then(new HandOverCash(new LocalDate(2025, 1, 8), "zhang"));
        var handOver = PenaltyCase.Deadlines(spec.State!, Fixtures.Calendar, Fixtures.Today).Single(d => d.Key == "cash-hand-over");
        Assert.Equal(new LocalDate(2025, 1, 7), handOver.End);
        Assert.Equal(CaseLedger.Domain.Calendar.DeadlineStatus.Missed, handOver.Status);
    }
}

public class when_fast_tracking
{
    private static readonly CaseLedger.Domain.Agencies.AgencyPolicy FastPolicy = Fixtures.Policy with { FastTrack = true };
    private static readonly LocalDate On = new(2025, 1, 3);
    private static readonly Instant Arrived = Fixtures.At(On);

    private static Spec Consented(IReadOnlyList<PenaltyTerm>? penalties = null) =>
        new Spec([]).With(FastPolicy).On(On).Then(Lead(Procedure.FastTrack)).Then(File(on: On))
            .Then(new ConsentToFastTrack(Sha('f'), Arrived, On, ["zhang"]))
            .Then(Evidence(on: On)).Then(Conclude(penalties, on: On))
            .Then(new ServePenaltyNotice(null, On, ServiceMethod.Oral, ["zhang"]))
            .Then(new WaiveRights(On));

    [Fact]
    public void a_decision_within_48_hours_of_arrival() =>
        Consented().At(Arrived + Duration.FromHours(47)).When(Decide(on: On.PlusDays(1))).Single<DecisionMade>();

    [Fact]
    public void a_decision_after_48_hours_of_arrival_is_late() =>
        Consented().At(Arrived + Duration.FromHours(49)).When(Decide(on: On.PlusDays(2))).Refused(RefusalCodes.DecisionDeadlinePassed);

    [Fact]
    public void no_fast_track_where_the_policy_has_none() =>
        FiledCase().When(new ConsentToFastTrack(Sha('f'), Arrived, On, ["zhang"])).Refused(RefusalCodes.FastTrackNotAllowed);

    [Fact]
    public void no_fast_track_where_a_hearing_applies() =>
        new Spec([]).With(FastPolicy).On(On).Then(Lead(Procedure.FastTrack)).Then(File(on: On)).Then(Conclude(LargeFine, on: On))
            .When(new ConsentToFastTrack(Sha('f'), Arrived, On, ["zhang"])).Refused(RefusalCodes.FastTrackNotAllowed);

    [Fact]
    public void the_consent_is_signed() =>
        new Spec([]).With(FastPolicy).On(On).Then(Lead(Procedure.FastTrack)).Then(File(on: On))
            .When(new ConsentToFastTrack(null, Arrived, On, ["zhang"])).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void an_oral_notice_only_on_the_fast_track() =>
        ConcludedCase().When(new ServePenaltyNotice(null, NoticeOn, ServiceMethod.Oral, ["zhang"])).Refused(RefusalCodes.ValidationFailed);

    [Fact]
    public void the_48_hours_show_as_a_deadline()
    {
        var deadline = PenaltyCase.Deadlines(Consented().State!, Fixtures.Calendar, On).Single(d => d.Key == "fast-track-decision");
        Assert.Equal((new LocalDate(2025, 1, 5), CaseLedger.Domain.Calendar.DeadlineStatus.Open), (deadline.End, deadline.Status));
    }

    [Fact]
    public void consenting_twice_appends_nothing() =>
        Consented().When(new ConsentToFastTrack(Sha('f'), Arrived, On, ["zhang"])).AppendsNothing();
}
