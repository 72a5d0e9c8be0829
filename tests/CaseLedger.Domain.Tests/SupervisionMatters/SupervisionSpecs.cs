using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Domain.Tests.Penalty;
using static CaseLedger.Domain.Tests.SupervisionMatters.SupervisionScenarios;

namespace CaseLedger.Domain.Tests.SupervisionMatters;

public class when_opening_a_supervision_matter
{
    [Fact]
    public void a_complaint_names_who_what_and_the_case_arts_6_20()
    {
        var opened = new SupervisionSpec([]).When(Open()).Single<SupervisionMatterOpened>();
        Assert.Equal((SupervisionSource.Complaint, "王五", Fixtures.CaseId, Fixtures.AgencyId), (opened.Source, opened.Complainant, opened.CaseId, opened.AgencyId));
        Assert.Equal(["sv-1", "sv-2"], opened.Officers.Select(o => o.OfficerId));
        // Each shows the supervision certificate it holds (Art. 22).
        Assert.Equal(["JD-SV-1", "JD-SV-2"], opened.Officers.Select(o => o.CertificateNumber));
        new SupervisionSpec([]).When(Open() with { Complainant = null }).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void a_plan_item_or_a_check_opens_it_too_art_21()
    {
        new SupervisionSpec([]).When(Open() with { Source = SupervisionSource.PlanItem, Complainant = null, PlanItem = "2025 年度计划第 3 项" })
            .Single<SupervisionMatterOpened>();
        new SupervisionSpec([]).When(Open() with { Source = SupervisionSource.PlanItem, Complainant = null }).Refused(RefusalCodes.ValidationFailed);
        new SupervisionSpec([]).When(Open() with { Source = SupervisionSource.SpotCheck, Complainant = null }).Single<SupervisionMatterOpened>();
    }

    [Fact]
    public void two_supervisors_at_least_art_22() =>
        new SupervisionSpec([]).When(Open(["sv-1"])).Refused(RefusalCodes.TwoOfficersRequired);

    [Fact]
    public void each_holds_a_valid_supervision_certificate_art_22()
    {
        new SupervisionSpec([]).When(Open(["sv-1", "sv-uncertified"])).Refused(RefusalCodes.OfficerNotCertified);
        new SupervisionSpec([]).On(new LocalDate(2025, 6, 30)).When(Open(["sv-1", "sv-expired"]) with { OpenedOn = new LocalDate(2025, 4, 1) })
            .Refused(RefusalCodes.OfficerNotCertified);
        // An enforcement certificate is not a supervision certificate, nor is enforcement staff supervision staff.
        new SupervisionSpec([]).When(Open(["sv-1", "zhang"])).Refused(RefusalCodes.OfficerNotCertified);
    }

    [Fact]
    public void a_supervisor_of_another_organ_does_not_act_art_4()
    {
        new SupervisionSpec([]).When(Open(["sv-1", "sv-elsewhere"])).Refused(RefusalCodes.OfficerNotCertified);
        new SupervisionSpec([]).As("sv-elsewhere").When(Open(["sv-elsewhere", "sv-elsewhere-2"])).Refused(RefusalCodes.Forbidden);
    }

    [Fact]
    public void the_organ_supervises_the_agency_art_4()
    {
        var province = SupervisionFixtures.Office with { Level = Agencies.AgencyLevel.Township };
        new SupervisionSpec([]) { Parties = new(province, Fixtures.Agency(), Scenarios.ServedCase().State) }.When(Open())
            .Refused(RefusalCodes.NotSupervisingOrgan);
        var otherLine = SupervisionFixtures.Office with { Domain = "ecology-environment", Level = Agencies.AgencyLevel.City };
        new SupervisionSpec([]) { Parties = new(otherLine, Fixtures.Agency(), Scenarios.ServedCase().State) }.When(Open())
            .Refused(RefusalCodes.NotSupervisingOrgan);
        var ownLineAbove = SupervisionFixtures.Office with { Domain = Fixtures.Domain, Level = Agencies.AgencyLevel.City };
        new SupervisionSpec([]) { Parties = new(ownLineAbove, Fixtures.Agency(), Scenarios.ServedCase().State) }.When(Open()).Single<SupervisionMatterOpened>();
    }

    [Fact]
    public void opening_it_again_appends_nothing() => Opened().When(Open()).AppendsNothing();
}

public class when_investigating_a_supervision_matter
{
    [Fact]
    public void each_step_keeps_its_record_and_media_hashes_arts_23_25()
    {
        var step = Opened().When(new InvestigateSupervisionMatter(InvestigationMethod.SiteInspection, "现场检查", InvestigatedOn, Two, Sha('A'), [Sha('d')]))
            .Single<SupervisionInvestigated>();
        Assert.Equal(Sha('a'), step.RecordSha256);
        Assert.Equal([Sha('d')], step.MediaSha256);
        Opened().When(ReadFiles() with { RecordSha256 = null }).Refused(RefusalCodes.ValidationFailed);
        Opened().When(new InvestigateSupervisionMatter(InvestigationMethod.Recording, "录像", InvestigatedOn, Two, Sha('a'))).Refused(RefusalCodes.MediaRecordRequired);
    }

    [Fact]
    public void the_agencys_leaders_are_summoned_and_the_talk_recorded_art_26()
    {
        var talk = Opened().When(new HoldSupervisionTalk(InvestigatedOn, ["局长 张三"], "违法率偏高", Two, Sha('e'))).Single<SupervisionTalkHeld>();
        Assert.Equal(["局长 张三"], talk.Leaders);
        Opened().When(new HoldSupervisionTalk(InvestigatedOn, [], "违法率偏高", Two, Sha('e'))).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void a_step_before_the_opening_is_out_of_order() =>
        Opened().When(ReadFiles() with { On = OpenedOn.PlusDays(-1) }).Refused(RefusalCodes.DateOutOfOrder);
}

public class when_the_opinion_is_served
{
    [Fact]
    public void the_agency_corrects_itself_within_30_days_of_receipt_art_28()
    {
        var opinion = Opened().When(Opinion()).Single<SupervisionOpinionIssued>();
        // 30 days from Mon 03-17 end on Wed 04-16.
        Assert.Equal(CorrectionDue, opinion.CorrectionDueOn);
        var deadline = SupervisionMatter.Deadlines(WithOpinion().State!, Fixtures.Calendar, OpinionReceivedOn).Single(d => d.Key == "self-correction");
        Assert.Equal((CorrectionDue, DeadlineStatus.Open), (deadline.End, deadline.Status));
    }

    [Fact]
    public void the_agencys_staff_record_its_correction_art_28()
    {
        var correction = WithOpinion().As("zhang").When(new RecordSelfCorrection(new LocalDate(2025, 4, 1), "撤销原处罚决定")).Single<SelfCorrectionRecorded>();
        Assert.False(correction.Late);
        WithOpinion().As("sv-1").When(new RecordSelfCorrection(new LocalDate(2025, 4, 1), "撤销原处罚决定")).Refused(RefusalCodes.Forbidden);
        WithOpinion().As("outsider").When(new RecordSelfCorrection(new LocalDate(2025, 4, 1), "撤销原处罚决定")).Refused(RefusalCodes.Forbidden);
        var late = WithOpinion().As("zhang").When(new RecordSelfCorrection(CorrectionDue.PlusDays(1), "撤销原处罚决定")).Single<SelfCorrectionRecorded>();
        Assert.True(late.Late);
    }
}

public class when_deciding_a_supervision_matter
{
    [Fact]
    public void not_before_the_30_days_ran_out_art_29() =>
        WithOpinion().When(Decide(on: CorrectionDue)).Refused(RefusalCodes.SelfCorrectionPeriodOpen);

    [Fact]
    public void not_after_a_recorded_correction_art_29() =>
        WithOpinion().As("zhang").Then(new RecordSelfCorrection(new LocalDate(2025, 4, 1), "已纠正")).As("sv-1").When(Decide())
            .Refused(RefusalCodes.CorrectedByAgency);

    [Fact]
    public void not_without_an_opinion_art_28() => Opened().When(Decide()).Refused(RefusalCodes.WrongStage);

    [Fact]
    public void the_organs_head_decides_with_two_supervisors_art_22()
    {
        WithOpinion().When(Decide() with { DecidedBy = "sv-1" }).Refused(RefusalCodes.OfficerNotCertified);
        WithOpinion().When(Decide() with { Supervisors = ["sv-1"] }).Refused(RefusalCodes.TwoOfficersRequired);
    }

    [Fact]
    public void order_performance_names_its_limit_art_30()
    {
        var spec = WithOpinion();
        spec.When(Decide(SupervisionDecisionType.OrderPerformance, SupervisionGround.DutyNotPerformed)).Refused(RefusalCodes.ValidationFailed);
        var decided = spec.When(Decide(SupervisionDecisionType.OrderPerformance, SupervisionGround.DutyNotPerformed, performBy: new LocalDate(2025, 5, 10)))
            .Single<SupervisionDecided>();
        Assert.Equal(new LocalDate(2025, 5, 10), decided.PerformBy);
        spec.When(Decide(SupervisionDecisionType.OrderPerformance, SupervisionGround.MainFactsUnclear, performBy: new LocalDate(2025, 5, 10)))
            .Refused(RefusalCodes.SupervisionDecisionGrounds);
    }

    [Fact]
    public void order_correction_only_for_a_defective_document_art_31()
    {
        WithOpinion().When(Decide(SupervisionDecisionType.OrderCorrection, SupervisionGround.ReasonsMissing)).Single<SupervisionDecided>();
        WithOpinion().When(Decide(SupervisionDecisionType.OrderCorrection, SupervisionGround.AbuseOfPower)).Refused(RefusalCodes.SupervisionDecisionGrounds);
    }

    [Fact]
    public void revoke_only_on_its_grounds_art_32()
    {
        WithOpinion().When(Decide(SupervisionDecisionType.Revoke, SupervisionGround.ClearlyImproper)).Single<SupervisionDecided>();
        WithOpinion().When(Decide(SupervisionDecisionType.Revoke, SupervisionGround.DateMissing)).Refused(RefusalCodes.SupervisionDecisionGrounds);
    }

    [Fact]
    public void confirm_illegal_only_on_its_grounds_art_33()
    {
        WithOpinion().When(Decide(SupervisionDecisionType.ConfirmIllegal, SupervisionGround.RevocationHarmsPublicInterest)).Single<SupervisionDecided>();
        WithOpinion().When(Decide(SupervisionDecisionType.ConfirmIllegal, SupervisionGround.WrongBasis)).Refused(RefusalCodes.SupervisionDecisionGrounds);
    }

    [Fact]
    public void confirm_void_only_on_its_grounds_art_34()
    {
        WithOpinion().When(Decide(SupervisionDecisionType.ConfirmVoid, SupervisionGround.NoValidSeal)).Single<SupervisionDecided>();
        WithOpinion().When(Decide(SupervisionDecisionType.ConfirmVoid, SupervisionGround.ExceedingPower)).Refused(RefusalCodes.SupervisionDecisionGrounds);
    }

    [Fact]
    public void the_agency_reports_execution_within_30_days_of_receipt_art_29()
    {
        var decided = Decided();
        Assert.Equal(ReportDue, decided.State!.Decision!.ReportDueOn);
        var deadline = SupervisionMatter.Deadlines(decided.State!, Fixtures.Calendar, DecisionReceivedOn).Single(d => d.Key == "execution-report");
        Assert.Equal((ReportDue, DeadlineStatus.Open), (deadline.End, deadline.Status));
        var report = decided.As("head").When(new ReportSupervisionExecution(new LocalDate(2025, 5, 6), "已撤销处罚决定")).Single<SupervisionExecutionReported>();
        Assert.False(report.Late);
    }

    [Fact]
    public void a_missed_report_and_a_refused_decision_are_recorded_arts_29_35()
    {
        var decided = Decided();
        decided.When(new RecordNonCompliance(NonComplianceKind.ReportMissed, ReportDue, "逾期未报告", Two)).Refused(RefusalCodes.WrongStage);
        var missed = decided.When(new RecordNonCompliance(NonComplianceKind.ReportMissed, ReportDue.PlusDays(1), "逾期未报告", Two)).Single<NonComplianceRecorded>();
        Assert.Equal(Fixtures.AgencyId, missed.AgencyId);
        decided.When(new RecordNonCompliance(NonComplianceKind.RefusedDecision, DecisionReceivedOn, "拒不执行", Two)).Single<NonComplianceRecorded>();
        WithOpinion().When(new RecordNonCompliance(NonComplianceKind.RefusedDecision, CorrectionDue, "拒不执行", Two)).Refused(RefusalCodes.WrongStage);
    }

    [Fact]
    public void a_replayed_decision_appends_nothing() => Decided().When(Decide()).AppendsNothing();

    [Fact]
    public void after_closing_nothing_more_is_recorded()
    {
        var closed = Decided().As("head").Then(new ReportSupervisionExecution(new LocalDate(2025, 5, 6), "已撤销")).As("sv-1")
            .Then(new CloseSupervisionMatter(new LocalDate(2025, 5, 8), "已执行", Two));
        Assert.Equal("closed", SupervisionMatter.StageOf(closed.State!));
        closed.When(new RecordNonCompliance(NonComplianceKind.HinderedSupervision, new LocalDate(2025, 5, 9), "阻挠", Two)).Refused(RefusalCodes.CaseClosed);
        Decided().When(new CloseSupervisionMatter(new LocalDate(2025, 5, 8), "已执行", Two)).Refused(RefusalCodes.WrongStage);
    }

    [Fact]
    public void revoke_confirm_illegal_and_confirm_void_carry_onto_the_case_others_do_not()
    {
        Assert.Equal(RemedyEffect.Revoke, SupervisionLaw.EffectOf(SupervisionDecisionType.Revoke));
        Assert.Equal(RemedyEffect.ConfirmIllegal, SupervisionLaw.EffectOf(SupervisionDecisionType.ConfirmIllegal));
        Assert.Equal(RemedyEffect.ConfirmVoid, SupervisionLaw.EffectOf(SupervisionDecisionType.ConfirmVoid));
        Assert.Null(SupervisionLaw.EffectOf(SupervisionDecisionType.OrderPerformance));
        Assert.Null(SupervisionLaw.EffectOf(SupervisionDecisionType.OrderCorrection));
    }
}
