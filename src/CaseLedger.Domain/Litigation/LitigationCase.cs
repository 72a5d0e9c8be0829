using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using NodaTime;
using static CaseLedger.Domain.Litigation.LitigationLaw;

namespace CaseLedger.Domain.Litigation;

/// <summary>Defending a suit (行政诉讼) as a pure decider on its own stream.</summary>
public static class LitigationCase
{
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["file"] = typeof(FileLitigation),
        ["submit-defence"] = typeof(SubmitDefence),
        ["record-hearing"] = typeof(RecordLitigationHearing),
        ["record-judgment"] = typeof(RecordJudgment),
        ["record-appeal"] = typeof(RecordAppeal),
        ["record-finality"] = typeof(RecordFinality),
        ["file-loss-report"] = typeof(FileLossReport),
        ["record-performance"] = typeof(RecordPerformance),
        ["close"] = typeof(CloseLitigation),
    };

    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(LitigationFiled), typeof(DefenceSubmitted), typeof(LitigationHearingRecorded), typeof(JudgmentRecorded),
        typeof(LossReportFiled), typeof(JudgmentPerformed), typeof(LitigationClosed), typeof(AppealRecorded), typeof(JudgmentBecameFinal),
    ];

    public static LitigationState? Evolve(LitigationState? state, object @event) => (state, @event) switch
    {
        (null, LitigationFiled e) => new LitigationState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    public static string StageOf(LitigationState s) =>
        s.Closure is not null ? "closed"
        : s.Judgment is null ? (s.Defence is null ? "filed" : "defended")
        : s.FinalOn is null ? (s.Appeal is null ? "judged-appealable" : "appealed")
        : !s.Lost ? "won"
        : s.LossReport is null ? "lost-report-due"
        : s.Performance is null ? "lost-performance-due"
        : "lost-performed";

    /// <param name="contested">The penalty case the suit names (read for <c>file</c>).</param>
    /// <param name="reconsideration">The reconsideration that preceded it, if any (read for <c>file</c>).</param>
    public static Decision Decide(ILitigationCommand command, LitigationState? state, CaseContext context,
        PenaltyCaseState? contested = null, ReconsiderationState? reconsideration = null) => (command, state) switch
    {
        (FileLitigation c, _) => File(c, state, context, contested, reconsideration),
        (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Litigation '{context.CaseId}' does not exist."),
        (SubmitDefence c, var s) => Defend(c, s, context),
        (RecordLitigationHearing c, var s) => Hearing(c, s, context),
        (RecordJudgment c, var s) => Judgment(c, s, context),
        (RecordAppeal c, var s) => Appeal(c, s, context),
        (RecordFinality c, var s) => Finality(c, s, context),
        (FileLossReport c, var s) => Report(c, s, context),
        (RecordPerformance c, var s) => Perform(c, s, context),
        (CloseLitigation c, var s) => Close(c, s, context),
        _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a litigation command."),
    };

    private static Step Step(LocalDate on) => new(on) { Staffing = LitigationLaw.Staff };

    private static Decision File(FileLitigation c, LitigationState? state, CaseContext context, PenaltyCaseState? contested, ReconsiderationState? reconsideration)
    {
        if (state is not null)
            return state.CaseId == c.CaseId && state.Filing.FiledOn == c.FiledOn
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Litigation '{context.CaseId}' already exists.");
        var decidedOn = contested?.Decision?.DecidedOn ?? contested?.OnTheSpot?.DecidedOn;
        var step = Step(c.ComplaintReceivedOn).By(c.Staff).After(c.FiledOn, "filing with the court").After(decidedOn, "contested decision");
        return (Valid.Required(c.CaseId, "caseId") ?? Valid.Required(c.Court, "court") ?? Valid.Required(c.Plaintiff, "plaintiff")
                ?? Valid.Required(c.KnewOn, "knewOn") ?? Valid.Required(c.FiledOn, "filedOn") ?? Valid.Required(c.ComplaintReceivedOn, "complaintReceivedOn")
                ?? (c.LossReportDays is <= 0 || c.PerformanceDays is <= 0 ? Valid.Fail("lossReportDays and performanceDays are positive days.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (contested is null ? new Refusal(RefusalCodes.NotFound, $"Case '{c.CaseId}' does not exist.") : null)
                ?? (decidedOn is null ? Valid.WrongStage($"Case '{c.CaseId}' has no decision to contest.") : null)
                ?? (c.ReconsiderationId is not null && reconsideration is null
                    ? new Refusal(RefusalCodes.NotFound, $"Reconsideration '{c.ReconsiderationId}' does not exist.")
                    : null)
                ?? (reconsideration is not null && reconsideration.CaseId != c.CaseId
                    ? Valid.Fail($"Reconsideration '{c.ReconsiderationId}' concerns another case.")
                    : null)
                ?? step.Check(context)
                ?? (reconsideration is null && contested!.Procedure == Procedure.Simplified
                    ? Valid.WrongStage("An on-the-spot penalty is reconsidered before it is sued (行政复议法 Art. 23).")
                    : null)
                ?? Parallel(c, reconsideration, context))
            .Then(() =>
            {
                var due = FilingDue(c, reconsideration, context.Calendar).Due;
                return Decision.Accept(new LitigationFiled(
                context.CaseId, c.CaseId!, c.ReconsiderationId, c.Court!, c.Plaintiff!, Defendants(contested!.AgencyId, reconsideration),
                c.KnewOn, c.FiledOn, c.ComplaintReceivedOn, c.RemedyNoticeGiven, due,
                NaturalPeriods.End(context.Calendar, c.ComplaintReceivedOn, DefenceDays), c.MajorPublicInterest,
                c.LossReportDays ?? DefaultLossReportDays, c.PerformanceDays ?? DefaultPerformanceDays,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id, c.LearnedOfRightOn, c.FiledOn > due));
            });
    }

    /// <summary>
    /// No suit while an accepted reconsideration is within its period (行政复议法 Art. 29). A late suit is not refused: the court
    /// registered it and judges its timeliness; it is recorded with its due date and the audit reports it (domain.md §6).
    /// </summary>
    private static Refusal? Parallel(FileLitigation c, ReconsiderationState? reconsideration, CaseContext context) =>
        reconsideration is { Decision: null, EndedOn: null } r && r.Acceptance is { } accepted
        && c.FiledOn <= ReconsiderationLaw.DecisionDue(r, accepted.AcceptedOn, context.Calendar, c.FiledOn)
            ? Valid.WrongStage("The reconsideration is still within its period; no parallel suit (行政复议法 Art. 29).")
            : null;

    private static Decision Defend(SubmitDefence c, LitigationState s, CaseContext context)
    {
        if (s.Defence is not null) return Decision.Nothing;
        var step = Step(c.SubmittedOn).By(c.Staff).After(s.Filing.ComplaintReceivedOn, "receipt of the complaint");
        return (Valid.Required(c.SubmittedOn, "submittedOn") ?? Valid.Required(c.DefenceSha256, "defenceSha256") ?? Valid.Sha256(c.DefenceSha256, "defenceSha256")
                ?? Valid.Documents(c.Documents) ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Judgment is not null ? Valid.WrongStage("The judgment was recorded.") : null))
            .Then(() => Decision.Accept(new DefenceSubmitted(s.Id, c.SubmittedOn, s.Filing.DefenceDueOn, c.SubmittedOn > s.Filing.DefenceDueOn,
                Valid.Lower(c.DefenceSha256)!, step.Signatures(context), Valid.Hashes(c.Documents, c.DefenceSha256), context.Actor.Id)));
    }

    private static Decision Hearing(RecordLitigationHearing c, LitigationState s, CaseContext context)
    {
        if (s.Hearings.Any(h => h.HeldOn == c.HeldOn)) return Decision.Nothing;
        var appeared = (c.AppearedBy ?? []).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToList();
        var step = Step(c.HeldOn).By(appeared).After(s.Filing.ComplaintReceivedOn, "receipt of the complaint");
        return (Valid.Required(c.HeldOn, "heldOn") ?? ((c.Lawyers ?? []).Any(string.IsNullOrWhiteSpace) ? Valid.Fail("lawyers may not hold empty entries.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (appeared.Count == 0
                    ? new Refusal(RefusalCodes.AppearanceRequired, "The agency's head or its staff appear; lawyers alone never do (行政诉讼法 Art. 3; 解释 Art. 130).")
                    : null)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Filing.MajorPublicInterest && !appeared.Any(id => context.Officers[id].Has(Role.AgencyHead))
                    ? new Refusal(RefusalCodes.AppearanceRequired, "In a case of major public interest the agency head appears in person (解释 Art. 129).")
                    : null))
            .Then(() => Decision.Accept(new LitigationHearingRecorded(s.Id, c.HeldOn, appeared,
                appeared.Any(id => context.Officers[id].Has(Role.AgencyHead)), [.. c.Lawyers ?? []],
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision Judgment(RecordJudgment c, LitigationState s, CaseContext context)
    {
        if (s.Judgment is { } judged && judged.Outcome == c.Outcome && judged.JudgedOn == c.JudgedOn && judged.Instance == c.Instance) return Decision.Nothing;
        var receivedOn = c.ReceivedOn ?? c.JudgedOn;
        var penalties = c.NewPenalties ?? [];
        var lost = c.Outcome != JudgmentOutcome.Won;
        var step = Step(receivedOn).By(c.Staff).After(s.Filing.ComplaintReceivedOn, "receipt of the complaint");
        return (Valid.Required(c.JudgedOn, "judgedOn") ?? Valid.Required(c.JudgmentSha256, "judgmentSha256") ?? Valid.Sha256(c.JudgmentSha256, "judgmentSha256")
                ?? (receivedOn < c.JudgedOn ? Valid.Fail("receivedOn may not be before judgedOn.") : null)
                ?? Terms.Check(c.NewPenalties, "newPenalties")
                ?? (!lost && c.Effect is not null ? Valid.Fail("A won case leaves the decision as it is.") : null)
                ?? (c.Effect == RemedyEffect.Change && penalties.Count == 0 ? Valid.Fail("A changed decision names the new penalties.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? Instance(c, s))
            .Then(() => Decision.Accept(new JudgmentRecorded(s.Id, c.Outcome, c.JudgedOn, receivedOn, c.Effect, penalties,
                lost ? receivedOn.PlusDays(s.Filing.LossReportDays) : null,
                lost ? receivedOn.PlusDays(s.Filing.PerformanceDays) : null,
                Valid.Lower(c.JudgmentSha256)!, step.Signatures(context), Valid.Hashes(c.Documents, c.JudgmentSha256), context.Actor.Id,
                c.Instance, c.Ruling,
                c.Instance == JudgmentInstance.First ? NaturalPeriods.End(context.Calendar, receivedOn, c.Ruling ? AppealRulingDays : AppealJudgmentDays) : null)));
    }

    /// <summary>One first-instance judgment; a second-instance one only after an appeal against it (行政诉讼法 Art. 85).</summary>
    private static Refusal? Instance(RecordJudgment c, LitigationState s) => (c.Instance, s.Judgment) switch
    {
        (JudgmentInstance.First, null) => null,
        (JudgmentInstance.First, { } first) => Valid.WrongStage($"The first-instance judgment of {Dates.Show(first.JudgedOn)} was recorded."),
        (JudgmentInstance.Second, { Instance: JudgmentInstance.First }) when s.Appeal is not null => null,
        (JudgmentInstance.Second, { Instance: JudgmentInstance.Second } second) =>
            Valid.WrongStage($"The second-instance judgment of {Dates.Show(second.JudgedOn)} was recorded."),
        _ => Valid.WrongStage("A second-instance judgment follows an appeal against the first-instance one: record the appeal first."),
    };

    private static Decision Appeal(RecordAppeal c, LitigationState s, CaseContext context)
    {
        if (s.Appeal is { } appealed && appealed.By == c.By && appealed.AppealedOn == c.On) return Decision.Nothing;
        var step = Step(c.On).By(c.Staff).After(s.Judgment?.ReceivedOn, "first-instance judgment");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents) ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Judgment is not { Instance: JudgmentInstance.First, AppealDueOn: not null } ? Valid.WrongStage("Record the first-instance judgment first.") : null)
                ?? (s.Appeal is not null ? Valid.WrongStage($"An appeal was recorded on {Dates.Show(s.Appeal.AppealedOn)}.") : null)
                ?? (s.Finality is not null ? Valid.WrongStage($"The judgment took effect on {Dates.Show(s.Finality.EffectiveOn)}.") : null))
            .Then(() => Decision.Accept(new AppealRecorded(s.Id, c.By, c.On, s.Judgment!.AppealDueOn!.Value, c.On > s.Judgment.AppealDueOn,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>The first-instance judgment takes effect the day after the appeal period passes unused (行政诉讼法 Art. 85); its effect is carried then.</summary>
    private static Decision Finality(RecordFinality c, LitigationState s, CaseContext context)
    {
        if (s.FinalOn is not null) return Decision.Nothing;
        var step = Step(c.On).By(c.Staff).After(s.Judgment?.ReceivedOn, "judgment");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents) ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Judgment is null ? Valid.WrongStage("Record the judgment first.") : null)
                ?? (s.Appeal is not null ? Valid.WrongStage($"The judgment was appealed on {Dates.Show(s.Appeal.AppealedOn)}: it takes effect with the second-instance judgment.") : null)
                ?? (c.On <= s.Judgment!.AppealDueOn
                    ? new Refusal(RefusalCodes.AppealPeriodOpen,
                        $"The judgment may be appealed until {Dates.Show(s.Judgment.AppealDueOn!.Value)} ({(s.Judgment.Ruling ? 10 : 15)} days, 行政诉讼法 Art. 85); it takes effect after that.")
                    : null))
            .Then(() => Decision.Accept(new JudgmentBecameFinal(s.Id, c.On, s.Judgment!.Outcome, s.Judgment.Effect,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Refusal? LostJudgment(LitigationState s) =>
        s.Judgment is null ? Valid.WrongStage("Record the judgment first.")
        : !s.Lost ? Valid.WrongStage("The case was won: no lost-case report or performance.")
        : null;

    private static Decision Report(FileLossReport c, LitigationState s, CaseContext context)
    {
        if (s.LossReport is not null) return Decision.Nothing;
        var step = Step(c.FiledOn).By(c.Staff).After(s.Judgment?.ReceivedOn, "judgment");
        return (Valid.Required(c.FiledOn, "filedOn") ?? Valid.Required(c.SubmittedTo, "submittedTo") ?? Valid.Required(c.ReportSha256, "reportSha256")
                ?? Valid.Sha256(c.ReportSha256, "reportSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn) ?? LostJudgment(s))
            .Then(() => Decision.Accept(new LossReportFiled(s.Id, c.FiledOn, c.SubmittedTo!, Valid.Lower(c.ReportSha256)!,
                step.Signatures(context), Valid.Hashes(c.Documents, c.ReportSha256), context.Actor.Id)));
    }

    private static Decision Perform(RecordPerformance c, LitigationState s, CaseContext context)
    {
        if (s.Performance is not null) return Decision.Nothing;
        var step = Step(c.PerformedOn).By(c.Staff).After(s.Judgment?.ReceivedOn, "judgment");
        return (Valid.Required(c.PerformedOn, "performedOn") ?? Valid.Required(c.Description, "description") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn) ?? LostJudgment(s))
            .Then(() => Decision.Accept(new JudgmentPerformed(s.Id, c.PerformedOn, c.Description!, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Decision Close(CloseLitigation c, LitigationState s, CaseContext context)
    {
        if (s.Closure is not null) return Decision.Nothing;
        var step = Step(c.ClosedOn).By(c.Staff).After(s.Judgment?.ReceivedOn, "judgment").After(s.FinalOn, "finality").After(s.LossReport?.FiledOn, "lost-case report")
            .After(s.Performance?.PerformedOn, "performance");
        return (Valid.Required(c.ClosedOn, "closedOn") ?? Valid.Documents(c.Documents) ?? step.Check(context)
                ?? (s.Judgment is null ? Valid.WrongStage("Record the judgment first.") : null)
                ?? (s.FinalOn is null
                    ? Valid.WrongStage(s.Appeal is null
                        ? $"The judgment is not final: it may be appealed until {Dates.Show(s.Judgment!.AppealDueOn!.Value)}; record-finality after that (行政诉讼法 Art. 85)."
                        : "The judgment was appealed: record the second-instance judgment first (行政诉讼法 Art. 85).")
                    : null)
                ?? (s.Lost && s.LossReport is null
                    ? new Refusal(RefusalCodes.LossReportRequired, $"A lost case needs the lost-case report (败诉报告, Outline item 36), due {Dates.Show(s.Judgment!.LossReportDueOn!.Value)}.")
                    : null)
                ?? (s.Lost && s.Performance is null ? Valid.WrongStage($"Record the performance of the judgment first, due {Dates.Show(s.Judgment!.PerformanceDueOn!.Value)}.") : null))
            .Then(() => Decision.Accept(new LitigationClosed(s.Id, c.ClosedOn, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>Every deadline of the suit (domain.md §8.5).</summary>
    public static IReadOnlyList<Deadline> Deadlines(LitigationState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var list = new DeadlineList(calendar, today);
        var f = s.Filing;
        list.NaturalDays("defence", "Defence, evidence and legal basis within 15 days of the complaint", "行政诉讼法 Art. 67",
            f.ComplaintReceivedOn, DefenceDays, s.Defence?.SubmittedOn);
        if (s.Judgment is { Instance: JudgmentInstance.First, AppealDueOn: not null } first)
            list.PartyRights("appeal").NaturalDays("appeal", $"Appeal within {(first.Ruling ? AppealRulingDays : AppealJudgmentDays)} days of the first-instance {(first.Ruling ? "ruling" : "judgment")}",
                "行政诉讼法 Art. 85", first.ReceivedOn, first.Ruling ? AppealRulingDays : AppealJudgmentDays, s.Appeal?.AppealedOn);
        if (s.Judgment is { LossReportDueOn: not null } lost)
        {
            list.NaturalDays("loss-report", $"Lost-case report within {f.LossReportDays} days (configurable; no statutory period)",
                "山东省法治政府建设实施纲要 item 36", lost.ReceivedOn, f.LossReportDays, s.LossReport?.FiledOn, restDayExtension: false);
            list.NaturalDays("performance", $"Performance of the judgment within {f.PerformanceDays} days (configurable)",
                "行政诉讼法 Arts. 94–96", lost.ReceivedOn, f.PerformanceDays, s.Performance?.PerformedOn, restDayExtension: false);
        }
        return list.All;
    }
}
