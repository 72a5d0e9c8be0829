using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Procedures;
using NodaTime;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>The periods and rules of the Administrative Reconsideration Law (2023). Art. 88: its 3/5/7/10 days are working days.</summary>
public static class ReconsiderationLaw
{
    // The periods come from the one table the flow charts are drawn from (ProcedureRules.Statutory).
    private static int Rule(string limit, LimitUnit unit) => ProcedureRules.Statutory.Length(ProcedureRules.Reconsideration, limit, unit);

    public static readonly int ApplicationDays = Rule("application", LimitUnit.Days);
    public static readonly int AcceptanceWorkingDays = Rule("acceptance", LimitUnit.WorkingDays);
    public static readonly int CorrectionRequestWorkingDays = Rule("correction-notice", LimitUnit.WorkingDays);
    public static readonly int CorrectionWorkingDays = Rule("correction", LimitUnit.WorkingDays);
    public static readonly int CopyWorkingDays = Rule("copy", LimitUnit.WorkingDays);
    public static readonly int SimplifiedCopyWorkingDays = Rule("copy-simplified", LimitUnit.WorkingDays);
    public static readonly int ReplyWorkingDays = Rule("reply", LimitUnit.WorkingDays);
    public static readonly int SimplifiedReplyWorkingDays = Rule("reply-simplified", LimitUnit.WorkingDays);
    public static readonly int HearingNoticeWorkingDays = Rule("hearing-notice", LimitUnit.WorkingDays);
    public const int HearingMembersMinimum = 2;
    public static readonly int DecisionDays = Rule("decision", LimitUnit.Days);
    public static readonly int SimplifiedDecisionDays = Rule("decision-simplified", LimitUnit.Days);
    public static readonly int ExtensionMaxDays = Rule("extension", LimitUnit.Days);
    public const decimal SimplifiedAmountMax = 3_000m;

    /// <summary>Art. 6: staff who first do reconsideration work from 2024-01-01 (the 2023 law) need the legal professional qualification.</summary>
    internal static readonly Staffing Staff = new([Role.ReconsiderationStaff], QualificationRequired: true, "reconsideration", new LocalDate(2024, 1, 1));

    /// <summary>Who records its steps (docs/access.md).</summary>
    public static IReadOnlySet<Role> Writers => Staff.Writers;

    /// <summary>Art. 20: 60 days from knowing the act; without notice of the right, 60 days from learning of it but at most one year from knowing the act.</summary>
    public static LocalDate ApplicationDue(LocalDate knewOn, bool remedyNoticeGiven, LocalDate? learnedOfRightOn, IWorkingDayCalendar calendar)
    {
        if (remedyNoticeGiven) return NaturalPeriods.End(calendar, knewOn, ApplicationDays);
        var outer = NaturalPeriods.EndYears(calendar, knewOn, 1);
        return learnedOfRightOn is { } learned && NaturalPeriods.End(calendar, learned, ApplicationDays) is var fromLearning && fromLearning < outer
            ? fromLearning
            : outer;
    }

    public static LocalDate AcceptanceTrigger(ReconsiderationState s) => s.CorrectionSubmission?.SubmittedOn ?? s.Application.AppliedOn;

    public static LocalDate AcceptanceDue(ReconsiderationState s, IWorkingDayCalendar calendar) =>
        calendar.AddWorkingDays(AcceptanceTrigger(s), AcceptanceWorkingDays);

    public static bool CorrectionPending(ReconsiderationState s) => s.Correction is not null && s.CorrectionSubmission is null;

    /// <summary>Art. 53: on-the-spot acts, warnings and notices of criticism, amounts up to 3,000 yuan, or all parties agree.</summary>
    public static bool SimplifiedEligible(ContestedAct act, bool partiesAgree) =>
        partiesAgree
        || act.Procedure == Procedure.Simplified
        || (act.Penalties.Count > 0
            && act.Penalties.All(p => p.Kind is PenaltyKind.Warning or PenaltyKind.NoticeOfCriticism or PenaltyKind.Fine or PenaltyKind.Confiscation)
            && act.Penalties.Sum(p => p.Amount ?? 0m) <= SimplifiedAmountMax);

    public static int CopyDays(ReconsiderationState s) =>
        s.Procedure == ReconsiderationProcedure.Simplified ? SimplifiedCopyWorkingDays : CopyWorkingDays;

    public static int ReplyDays(ReconsiderationState s) =>
        s.Procedure == ReconsiderationProcedure.Simplified ? SimplifiedReplyWorkingDays : ReplyWorkingDays;

    public static int DecisionLength(ReconsiderationState s) =>
        s.Procedure == ReconsiderationProcedure.Simplified ? SimplifiedDecisionDays : DecisionDays;

    public static IReadOnlyList<ExcludedInterval> Suspensions(ReconsiderationState s) =>
        [.. s.Suspensions.Select(x => new ExcludedInterval(x.From, x.To, x.Ground))];

    public static IReadOnlyList<DeadlineExtension> Extensions(ReconsiderationState s) =>
        s.Extension is { } e ? [new DeadlineExtension(e.Days, e.ApprovedBy, e.ExtendedOn, e.Reason)] : [];

    /// <summary>Art. 62: 60 days from acceptance (30 simplified), plus suspended days and the one extension, with the rest-day extension.</summary>
    public static LocalDate DecisionDue(ReconsiderationState s, LocalDate acceptedOn, IWorkingDayCalendar calendar, LocalDate asOf)
    {
        var suspended = s.Suspensions.Sum(x => Period.Between(x.From, x.To ?? (asOf > x.From ? asOf : x.From), PeriodUnits.Days).Days);
        return NaturalPeriods.End(calendar, acceptedOn, DecisionLength(s) + suspended + (s.Extension?.Days ?? 0));
    }

    /// <summary>The grounds each decision type rests on (Arts. 63–70).</summary>
    public static IReadOnlyList<DecisionGround> GroundsFor(ReconsiderationDecisionType type) => type switch
    {
        ReconsiderationDecisionType.Uphold => [DecisionGround.Lawful],
        ReconsiderationDecisionType.Change => [DecisionGround.ContentImproper, DecisionGround.WrongBasis, DecisionGround.FactsClarified],
        ReconsiderationDecisionType.Revoke =>
        [
            DecisionGround.FactsUnclear, DecisionGround.IllegalProcedure, DecisionGround.UnlawfulBasis, DecisionGround.ExceedingPower,
            DecisionGround.AbuseOfPower, DecisionGround.NoEvidenceFromRespondent,
        ],
        ReconsiderationDecisionType.ConfirmIllegal =>
        [
            DecisionGround.PublicInterest, DecisionGround.MinorProceduralFlaw, DecisionGround.NothingToRevoke, DecisionGround.AlreadyChanged,
            DecisionGround.PerformancePointless, DecisionGround.NoEvidenceFromRespondent,
        ],
        ReconsiderationDecisionType.OrderPerformance => [DecisionGround.FailedToPerform, DecisionGround.NoEvidenceFromRespondent],
        ReconsiderationDecisionType.ConfirmVoid => [DecisionGround.ManifestlyIllegal],
        ReconsiderationDecisionType.Reject => [DecisionGround.NoLegalDuty, DecisionGround.AlreadyPerformed],
        _ => [],
    };

    public static string Article(ReconsiderationDecisionType type) => type switch
    {
        ReconsiderationDecisionType.Change => "Art. 63",
        ReconsiderationDecisionType.Revoke => "Art. 64",
        ReconsiderationDecisionType.ConfirmIllegal => "Art. 65",
        ReconsiderationDecisionType.OrderPerformance => "Art. 66",
        ReconsiderationDecisionType.ConfirmVoid => "Art. 67",
        ReconsiderationDecisionType.Uphold => "Art. 68",
        _ => "Art. 69",
    };

    /// <summary>What the decision does to the penalty decision, if anything (carried onto the case).</summary>
    public static RemedyEffect? EffectOf(ReconsiderationDecisionType type) => type switch
    {
        ReconsiderationDecisionType.Revoke => RemedyEffect.Revoke,
        ReconsiderationDecisionType.Change => RemedyEffect.Change,
        ReconsiderationDecisionType.ConfirmIllegal => RemedyEffect.ConfirmIllegal,
        ReconsiderationDecisionType.ConfirmVoid => RemedyEffect.ConfirmVoid,
        _ => null,
    };
}
