using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.Reconsideration;
using RS = CaseLedger.Domain.Tests.Reconsideration.ReconsiderationScenarios;

namespace CaseLedger.Domain.Tests.Litigation;

/// <summary>The suit lost at first instance: judged 2025-06-03, received Thu 06-05; appeal until Fri 06-20.</summary>
public class when_a_judgment_becomes_final
{
    [Fact]
    public void a_first_instance_judgment_takes_effect_when_the_15_day_appeal_period_passes_art_85()
    {
        var lost = LitigationSpec.Lost();
        Assert.Equal(new LocalDate(2025, 6, 20), lost.State!.Judgment!.AppealDueOn);
        Assert.Null(lost.State.FinalOn);
        lost.When(new RecordFinality(new LocalDate(2025, 6, 20), ["zhang"])).Refused(RefusalCodes.AppealPeriodOpen);
        var final = lost.When(new RecordFinality(new LocalDate(2025, 6, 21), ["zhang"])).Single<JudgmentBecameFinal>();
        Assert.Equal((JudgmentOutcome.Lost, RemedyEffect.Revoke), (final.Outcome, final.Effect));
        lost.Then(new RecordFinality(new LocalDate(2025, 6, 21), ["zhang"])).When(new RecordFinality(new LocalDate(2025, 6, 22), ["zhang"])).AppendsNothing();
    }

    [Fact]
    public void a_ruling_may_be_appealed_for_10_days_art_85()
    {
        var ruled = LitigationSpec.Filed().Then(new RecordJudgment(JudgmentOutcome.Won, new LocalDate(2025, 6, 3), LitigationSpec.Sha('b'),
            new LocalDate(2025, 6, 5), Staff: ["zhang"], Ruling: true));
        // 10 days after 06-05 is Sun 06-15: the period ends on Mon 06-16.
        Assert.Equal(new LocalDate(2025, 6, 16), ruled.State!.Judgment!.AppealDueOn);
        ruled.When(new RecordFinality(new LocalDate(2025, 6, 17), ["zhang"])).Single<JudgmentBecameFinal>();
    }

    [Fact]
    public void an_appealed_judgment_takes_effect_with_the_second_instance_judgment_art_85()
    {
        var lost = LitigationSpec.Lost();
        lost.When(new RecordJudgment(JudgmentOutcome.Won, new LocalDate(2025, 6, 25), LitigationSpec.Sha('c'), Staff: ["zhang"], Instance: JudgmentInstance.Second))
            .Refused(RefusalCodes.WrongStage);
        var appealed = lost.Then(new RecordAppeal(Appellant.Defendant, new LocalDate(2025, 6, 12), ["zhang"]));
        Assert.False(appealed.State!.Appeal!.Late);
        appealed.When(new RecordFinality(new LocalDate(2025, 6, 25), ["zhang"])).Refused(RefusalCodes.WrongStage);
        var second = appealed.Then(new RecordJudgment(JudgmentOutcome.Won, new LocalDate(2025, 6, 25), LitigationSpec.Sha('c'), new LocalDate(2025, 6, 26),
            Staff: ["zhang"], Instance: JudgmentInstance.Second));
        Assert.Equal(new LocalDate(2025, 6, 26), second.State!.FinalOn);
        Assert.False(second.State.Lost);
    }

    [Fact]
    public void a_late_appeal_is_recorded_and_marked_late_the_court_judges_it_art_85()
    {
        var late = LitigationSpec.Lost().When(new RecordAppeal(Appellant.Plaintiff, new LocalDate(2025, 6, 23), ["zhang"])).Single<AppealRecorded>();
        Assert.True(late.Late);
    }

    [Fact]
    public void the_appeal_period_shows_on_the_board_and_lapses_unused_art_85()
    {
        var state = LitigationSpec.Lost().State!;
        var open = LitigationCase.Deadlines(state, Fixtures.Calendar, new LocalDate(2025, 6, 10)).Single(d => d.Key == "appeal");
        Assert.Equal((new LocalDate(2025, 6, 20), DeadlineStatus.Open), (open.End, open.Status));
        Assert.Equal(DeadlineStatus.Lapsed, LitigationCase.Deadlines(state, Fixtures.Calendar, new LocalDate(2025, 6, 30)).Single(d => d.Key == "appeal").Status);
    }
}

public class when_suing_after_a_reconsideration_or_without_notice
{
    [Fact]
    public void from_the_end_of_the_reconsideration_period_when_no_decision_came_art_45()
    {
        // Accepted 03-12: 60 days end Sun 05-11 → Mon 05-12; the suit within 15 days after that, by Tue 05-27.
        var silent = new LitigationSpec([]) with { Reconsideration = RS.RepliedCase().State };
        var filed = silent.When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 5, 27), reconsiderationId: RS.RepliedCase().State!.Id,
            received: new LocalDate(2025, 5, 28))).Single<LitigationFiled>();
        Assert.Equal((new LocalDate(2025, 5, 27), false), (filed.FilingDueOn, filed.Late));
    }

    [Fact]
    public void a_refused_mandatory_reconsideration_leaves_15_days_from_the_refusal_reconsideration_law_art_34()
    {
        var spot = Scenarios.HeardLead(new LocalDate(2025, 2, 21)).Then(new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 50m), "SD-1", "zhang",
            new LocalDate(2025, 2, 21), Scenarios.Benchmark)).State;
        var refused = new ReconsiderationSpec([]).Contesting(spot).Then(RS.Apply())
            .Then(new RefuseApplication(new LocalDate(2025, 3, 12), "Not within the body's remit", ["rc-staff1"])).State!;
        var filed = (new LitigationSpec([]) with { Contested = spot, Reconsideration = refused })
            .When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 10), reconsiderationId: refused.Id, received: new LocalDate(2025, 4, 11)))
            .Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2025, 3, 27), filed.FilingDueOn);
        Assert.True(filed.Late);
    }

    [Fact]
    public void a_refused_optional_reconsideration_leaves_the_direct_suit_art_46()
    {
        var refused = RS.Applied().Then(new RefuseApplication(new LocalDate(2025, 3, 12), "Not within the body's remit", ["rc-staff1"])).State!;
        var filed = (new LitigationSpec([]) with { Reconsideration = refused })
            .When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 10), reconsiderationId: refused.Id, received: new LocalDate(2025, 4, 11)))
            .Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2025, 8, 21), filed.FilingDueOn);
    }

    [Fact]
    public void without_notice_6_months_from_learning_of_the_right_at_most_1_year_interpretation_art_64()
    {
        var spec = new LitigationSpec([]) with { Today = new LocalDate(2026, 6, 30) };
        // Learned 2025-04-01: 6 months end 10-01, in the National Day holiday (10-01 … 10-08) → Thu 10-09.
        var learned = spec.When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 9, 1), notice: false, received: new LocalDate(2025, 9, 3))
            with { LearnedOfRightOn = new LocalDate(2025, 4, 1) }).Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2025, 10, 9), learned.FilingDueOn);
        // Learned 2025-12-01: 6 months would run into June 2026, but never beyond a year from knowing the act (2026-02-21, a holiday → 02-24).
        var capped = spec.When(LitigationSpec.Sue(filedOn: new LocalDate(2026, 3, 2), notice: false, received: new LocalDate(2026, 3, 4))
            with { LearnedOfRightOn = new LocalDate(2025, 12, 1) }).Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2026, 2, 24), capped.FilingDueOn);
        Assert.True(capped.Late);
    }

    [Theory]
    [InlineData(ReconsiderationDecisionType.ConfirmVoid, DecisionGround.ManifestlyIllegal, false)]
    [InlineData(ReconsiderationDecisionType.ConfirmIllegal, DecisionGround.PublicInterest, false)]
    [InlineData(ReconsiderationDecisionType.ConfirmIllegal, DecisionGround.MinorProceduralFlaw, true)]
    public void confirming_void_or_illegal_other_than_for_procedure_makes_the_body_sole_defendant_interpretation_art_22(
        ReconsiderationDecisionType type, DecisionGround ground, bool agencyToo)
    {
        var decided = RS.RepliedCase().Then(RS.Decide(type, ground)).State!;
        var filed = (new LitigationSpec([]) with { Reconsideration = decided })
            .When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 20), reconsiderationId: decided.Id, received: new LocalDate(2025, 4, 22))).Single<LitigationFiled>();
        Assert.Equal(agencyToo ? ["amr-licheng", "Licheng District People's Government"] : ["Licheng District People's Government"], filed.Defendants);
    }
}
