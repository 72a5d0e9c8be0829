using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.Reconsideration;
using RS = CaseLedger.Domain.Tests.Reconsideration.ReconsiderationScenarios;

namespace CaseLedger.Domain.Tests.Litigation;

/// <summary>The 5,000-yuan decision served 2025-02-21 is sued; the complaint reaches the agency on 2025-04-01.</summary>
internal sealed record LitigationSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-00000000l001";
    public string Actor { get; init; } = "head";
    public LocalDate Today { get; init; } = Fixtures.Today;
    public PenaltyCaseState? Contested { get; init; } = Scenarios.ServedCase().State;
    public ReconsiderationState? Reconsideration { get; init; }

    public LitigationState? State => History.Aggregate((LitigationState?)null, LitigationCase.Evolve);

    public Decision When(ILitigationCommand command) =>
        LitigationCase.Decide(command, State, RemedyFixtures.Context(Id, Actor, Today), Contested, Reconsideration);

    public LitigationSpec Then(ILitigationCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused) throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }

    public static string Sha(char c) => new(c, 64);

    public static FileLitigation Sue(LocalDate? filedOn = null, string? reconsiderationId = null, bool notice = true, bool major = false, LocalDate? received = null) =>
        new(Fixtures.CaseId, "Licheng District People's Court", new Party(PartyKind.Citizen, "Wang Wu", "370102199001011234"),
            new LocalDate(2025, 2, 21), filedOn ?? new LocalDate(2025, 3, 25), received ?? new LocalDate(2025, 4, 1), reconsiderationId,
            RemedyNoticeGiven: notice, MajorPublicInterest: major, Staff: ["zhang"]);

    public static LitigationSpec Filed(bool major = false) => new LitigationSpec([]).Then(Sue(major: major));

    public static LitigationSpec Lost() => Filed().Then(new SubmitDefence(new LocalDate(2025, 4, 10), Sha('a'), ["zhang"]))
        .Then(new RecordJudgment(JudgmentOutcome.Lost, new LocalDate(2025, 6, 3), Sha('b'), new LocalDate(2025, 6, 5), RemedyEffect.Revoke, Staff: ["zhang"]));
}

public class when_defending_a_suit
{
    [Fact]
    public void a_direct_suit_within_6_months_art_46()
    {
        var filed = new LitigationSpec([]).When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 6, 23), received: new LocalDate(2025, 6, 25))).Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2025, 8, 21), filed.FilingDueOn);
        Assert.Equal(["amr-licheng"], filed.Defendants);
        Assert.Equal(new LocalDate(2025, 7, 10), filed.DefenceDueOn);
    }

    [Fact]
    public void a_direct_suit_after_6_months_is_recorded_late_never_refused_art_46()
    {
        var filed = new LitigationSpec([]).On(new LocalDate(2025, 9, 30)).When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 8, 22), received: new LocalDate(2025, 8, 29)))
            .Single<LitigationFiled>();
        Assert.Equal(new LocalDate(2025, 8, 21), filed.FilingDueOn);
        Assert.True(filed.Late);
    }

    [Fact]
    public void without_notice_of_the_right_one_year_interpretation_art_64() =>
        new LitigationSpec([]).On(new LocalDate(2025, 9, 30)).When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 8, 22), notice: false, received: new LocalDate(2025, 8, 29)))
            .Single<LitigationFiled>();

    [Fact]
    public void within_15_days_of_the_reconsideration_decision_art_45()
    {
        var upheld = RS.RepliedCase().Then(RS.Decide(ReconsiderationDecisionType.Uphold))
            .Then(new ServeReconsiderationDecision(new LocalDate(2025, 4, 11), ["rc-staff1"])).State!;
        var spec = new LitigationSpec([]) with { Reconsideration = upheld };
        var filed = spec.When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 26), reconsiderationId: upheld.Id, received: new LocalDate(2025, 4, 28)))
            .Single<LitigationFiled>();
        // Upheld: the agency and the reconsideration body are co-defendants (Art. 26).
        Assert.Equal(["amr-licheng", "Licheng District People's Government"], filed.Defendants);
        Assert.False(filed.Late);
        Assert.True(spec.When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 28), reconsiderationId: upheld.Id, received: new LocalDate(2025, 4, 29)))
            .Single<LitigationFiled>().Late);
    }

    [Fact]
    public void a_changed_act_is_defended_by_the_reconsideration_body_art_26()
    {
        var changed = RS.RepliedCase().Then(RS.Decide(ReconsiderationDecisionType.Change, penalties: [new PenaltyTerm(PenaltyKind.Fine, 3_000m)])).State!;
        var filed = (new LitigationSpec([]) with { Reconsideration = changed })
            .When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 20), reconsiderationId: changed.Id, received: new LocalDate(2025, 4, 22))).Single<LitigationFiled>();
        Assert.Equal(["Licheng District People's Government"], filed.Defendants);
    }

    [Fact]
    public void no_suit_while_the_reconsideration_runs_reconsideration_law_art_29()
    {
        var running = RS.RepliedCase().State!;
        (new LitigationSpec([]) with { Reconsideration = running })
            .When(LitigationSpec.Sue(filedOn: new LocalDate(2025, 4, 20), reconsiderationId: running.Id, received: new LocalDate(2025, 4, 22)))
            .Refused(RefusalCodes.WrongStage);
    }

    [Fact]
    public void an_on_the_spot_penalty_is_reconsidered_first_reconsideration_law_art_23()
    {
        var spot = Scenarios.HeardLead(new LocalDate(2025, 2, 21)).Then(new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 50m), "SD-1", "zhang",
            new LocalDate(2025, 2, 21), Scenarios.Benchmark)).State;
        (new LitigationSpec([]) with { Contested = spot }).When(LitigationSpec.Sue()).Refused(RefusalCodes.WrongStage);
    }

    [Fact]
    public void defence_within_15_days_of_the_complaint_art_67()
    {
        Assert.False(LitigationSpec.Filed().When(new SubmitDefence(new LocalDate(2025, 4, 16), LitigationSpec.Sha('a'), ["zhang"])).Single<DefenceSubmitted>().Late);
        // Art. 34: late evidence counts as none; the lateness is recorded.
        Assert.True(LitigationSpec.Filed().When(new SubmitDefence(new LocalDate(2025, 4, 17), LitigationSpec.Sha('a'), ["zhang"])).Single<DefenceSubmitted>().Late);
    }

    [Fact]
    public void never_lawyers_alone_art_3() =>
        LitigationSpec.Filed().When(new RecordLitigationHearing(new LocalDate(2025, 5, 20), [], ["Lawyer Sun"])).Refused(RefusalCodes.AppearanceRequired);

    [Fact]
    public void staff_with_a_lawyer_appear_art_3() =>
        Assert.False(LitigationSpec.Filed().When(new RecordLitigationHearing(new LocalDate(2025, 5, 20), ["zhang"], ["Lawyer Sun"])).Single<LitigationHearingRecorded>().HeadAppeared);

    [Fact]
    public void the_head_appears_in_a_case_of_major_public_interest_interpretation_art_129()
    {
        LitigationSpec.Filed(major: true).When(new RecordLitigationHearing(new LocalDate(2025, 5, 20), ["zhang"])).Refused(RefusalCodes.AppearanceRequired);
        LitigationSpec.Filed(major: true).When(new RecordLitigationHearing(new LocalDate(2025, 5, 20), ["head", "zhang"])).Single<LitigationHearingRecorded>();
    }

    [Fact]
    public void a_lost_case_needs_the_loss_report_before_closing_outline_item_36()
    {
        var lost = LitigationSpec.Lost();
        Assert.Equal(new LocalDate(2025, 7, 5), lost.State!.Judgment!.LossReportDueOn);
        // Not final before the appeal period passes (行政诉讼法 Art. 85).
        lost.When(new CloseLitigation(new LocalDate(2025, 6, 20), ["zhang"])).Refused(RefusalCodes.WrongStage);
        var final = lost.Then(new RecordFinality(new LocalDate(2025, 6, 21), ["zhang"]));
        final.When(new CloseLitigation(new LocalDate(2025, 6, 25), ["zhang"])).Refused(RefusalCodes.LossReportRequired);
        var reported = final.Then(new FileLossReport(new LocalDate(2025, 6, 22), "Licheng District People's Government", LitigationSpec.Sha('c'), ["zhang"]));
        reported.When(new CloseLitigation(new LocalDate(2025, 6, 25), ["zhang"])).Refused(RefusalCodes.WrongStage);
        reported.Then(new RecordPerformance(new LocalDate(2025, 6, 23), "Fine refunded", ["zhang"]))
            .When(new CloseLitigation(new LocalDate(2025, 6, 25), ["zhang"])).Single<LitigationClosed>();
    }

    [Fact]
    public void a_won_case_has_no_loss_report()
    {
        var won = LitigationSpec.Filed().Then(new RecordJudgment(JudgmentOutcome.Won, new LocalDate(2025, 6, 3), LitigationSpec.Sha('b'), Staff: ["zhang"]));
        won.When(new FileLossReport(new LocalDate(2025, 6, 10), "Gov", LitigationSpec.Sha('c'), ["zhang"])).Refused(RefusalCodes.WrongStage);
        won.When(new CloseLitigation(new LocalDate(2025, 6, 10), ["zhang"])).Refused(RefusalCodes.WrongStage);
        won.Then(new RecordFinality(new LocalDate(2025, 6, 19), ["zhang"])).When(new CloseLitigation(new LocalDate(2025, 6, 20), ["zhang"])).Single<LitigationClosed>();
    }

    [Fact]
    public void the_loss_report_and_performance_deadlines_default_to_30_days()
    {
        var deadlines = LitigationCase.Deadlines(LitigationSpec.Lost().State!, Fixtures.Calendar, new LocalDate(2025, 6, 10)).ToDictionary(d => d.Key);
        Assert.Equal(new LocalDate(2025, 7, 5), deadlines["loss-report"].End);
        Assert.Equal(DeadlineStatus.Open, deadlines["loss-report"].Status);
        Assert.Equal(DeadlineStatus.Open, deadlines["performance"].Status);
        Assert.Equal(DeadlineStatus.Met, deadlines["defence"].Status);
    }
}

internal static class LitigationSpecExtensions
{
    public static LitigationSpec On(this LitigationSpec spec, LocalDate today) => spec with { Today = today };
}
