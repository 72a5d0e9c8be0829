using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.Audit;

/// <summary>A stored event as the audit reads it: its version, when and by whom it was recorded, and its data.</summary>
public sealed record AuditedEvent(long Version, Instant RecordedAt, string? Actor, object Data);

/// <summary>
/// One thing an auditor must look at: which stream and version, what kind (<c>step-skipped</c>,
/// <c>deadline-missed</c>, <c>officer</c>, <c>rule-broken</c>, <c>version-gap</c>, <c>chain-break</c>,
/// <c>checkpoint-mismatch</c>), the stable code, the rule of domain.md §2 and the article it rests on.
/// </summary>
public sealed record Finding(string Stream, long? Version, string Kind, string Code, string Rule, string Article, string Message);

/// <summary>
/// Procedure conformance of a penalty case, from its stored events alone (never a projection): the
/// events are folded with <see cref="PenaltyCase.Evolve"/> and, before each one, the guards the
/// decider asks before it records that step are asked of the stored event. A history written around
/// the command rules is reported by the same code that refuses the commands.
/// </summary>
public static class Conformance
{
    /// <summary>Deadlines the agency must meet; the party's own periods (defence, hearing request, payment) are not the agency's findings.</summary>
    private static readonly string[] AgencyDeadlines =
        ["decision", "preservation-decision", "hearing-notice", "service", "publication", "withdrawal", "cash-hand-over", "court-enforcement"];

    /// <param name="caseId">The case stream.</param>
    /// <param name="events">The stream's stored events in version order.</param>
    /// <param name="register">The officer register folded from its stored streams: certificates are checked on each event's business date.</param>
    /// <param name="calendar">The working-day calendar from the stored calendar events.</param>
    /// <param name="today">The audit's day: open deadlines past their end are missed.</param>
    public static IReadOnlyList<Finding> Check(
        string caseId, IReadOnlyList<AuditedEvent> events, IReadOnlyDictionary<string, Officer> register, IWorkingDayCalendar calendar, LocalDate today)
    {
        var findings = new List<Finding>();
        PenaltyCaseState? state = null;
        var expected = 1L;
        foreach (var e in events)
        {
            if (e.Version != expected)
            {
                findings.Add(new Finding(caseId, e.Version, "version-gap", "version-gap", "I14 append-only events", "行政处罚法 Art. 47",
                    e.Version > expected
                        ? $"Version {(e.Version - 1 == expected ? $"{expected} is" : $"{expected}–{e.Version - 1} are")} missing before version {e.Version}."
                        : $"Version {e.Version} comes again after version {expected - 1}."));
            }
            expected = e.Version + 1;

            foreach (var refusal in Guards(state, e, register, calendar))
                findings.Add(Of(caseId, e.Version, refusal));
            state = PenaltyCase.Evolve(state, e.Data);
        }

        if (state is not null)
        {
            var late = findings.Any(f => f.Code == RefusalCodes.DecisionDeadlinePassed);
            foreach (var deadline in PenaltyCase.Deadlines(state, calendar, today))
            {
                var kind = deadline.Key.Split(':')[0];
                if (deadline.Status != DeadlineStatus.Missed || !AgencyDeadlines.Contains(kind) || (late && kind == "decision")) continue;
                findings.Add(new Finding(caseId, null, "deadline-missed", $"deadline-missed:{kind}", $"I9 {deadline.Purpose}", deadline.Rule,
                    deadline.MetOn is { } met
                        ? $"{deadline.Purpose}: due by {Show(deadline.End)}, done on {Show(met)}."
                        : $"{deadline.Purpose}: due by {Show(deadline.End)}, not done by {Show(today)}."));
            }
        }
        return findings;
    }

    /// <summary>The decider's guards for the step this event records, asked of the case as it stood before it.</summary>
    private static IEnumerable<Refusal> Guards(PenaltyCaseState? state, AuditedEvent e, IReadOnlyDictionary<string, Officer> register, IWorkingDayCalendar calendar)
    {
        if (state is null && e.Data is not LeadRegistered)
        {
            yield return Valid.WrongStage($"The stream does not begin with the lead ({e.Data.GetType().Name} at version {e.Version}).");
            yield break;
        }
        if (Signed(e.Data) is { } signed)
        {
            var domain = state?.AgencyDomain ?? ((LeadRegistered)e.Data).AgencyDomain;
            var step = signed.Officers.Aggregate(new Step(signed.On), (s, o) => o.Capacity == SignatureCapacity.Officer
                ? s with { Signers = [.. s.Signers, new Signer(o.OfficerId, SignatureCapacity.Officer)] }
                : s.As(o.Capacity, o.OfficerId)) with { MinimumOfficers = MinimumOfficers(e.Data, state) };
            var context = new CaseContext(e.RecordedAt, Actor.System, state?.CaseId ?? "", register, null, calendar);
            if ((step.Known(context) ?? step.Qualified(context) ?? step.Certified(context, domain)) is { } signer) yield return signer;
            if (step.NotRecused(state?.Recused ?? []) is { } recused) yield return recused;
            if (step.Dated(context) is { } dated) yield return dated;
        }
        if (state is null) yield break;
        // The rules the deciders ask, asked again of the stored step. A late decision or extension is recorded with its
        // reason (domain.md §6) and still reported here: the audit asks without the reason, and shows it.
        var rule = e.Data switch
        {
            DecisionMade d => Deciding.Procedure(state, d.Outcome, d.Penalties, d.Discretion, d.DecidedOn, e.RecordedAt, calendar, lateReason: null)
                is { } refusal ? WithLateReason(refusal, d.LateReason) : null,
            DecisionDeadlineExtended x => Course.Extendable(state, x.Days, x.ExtendedOn, calendar, lateReason: null)
                is { } refusal ? WithLateReason(refusal, x.LateReason) : null,
            PenaltyNoticeServed n => Notice.Rules(state, n.ProposedPenalties),
            OnTheSpotDecisionMade => Simplified.PartyHeard(state),
            LegalReviewPassed p when register.TryGetValue(p.ReviewerId, out var reviewer) => Review.Qualified(reviewer),
            _ => null,
        };
        if (rule is not null) yield return rule;
    }

    private static Refusal WithLateReason(Refusal refusal, string? lateReason) =>
        refusal.Code == RefusalCodes.DecisionDeadlinePassed && lateReason is not null
            ? refusal with { Message = refusal.Message.Replace(Deciding.LateHint, $"Recorded late with the reason: {lateReason}", StringComparison.Ordinal) }
            : refusal;

    /// <summary>Art. 42 (I2): the steps of the investigation need two certified officers, as their deciders require.</summary>
    private static int MinimumOfficers(object data, PenaltyCaseState? state) => data switch
    {
        CaseFiled or EvidenceCollected or EvidencePreserved or InvestigationConcluded when state?.Procedure != Procedure.Simplified => 2,
        _ => 0,
    };

    private sealed record SignedStep(LocalDate On, IReadOnlyList<OfficerSignature> Officers);

    /// <summary>The business date of a step and the officers who signed it.</summary>
    private static SignedStep? Signed(object data) => data switch
    {
        LeadRegistered e => new(e.DiscoveredOn, e.Officers),
        CaseFiled e => new(e.FiledOn, e.Officers),
        EvidenceCollected e => new(e.CollectedOn, e.Officers),
        EvidencePreserved e => new(e.PreservedOn, e.Officers),
        PreservedEvidenceDecided e => new(e.DecidedOn, e.Officers),
        RecusalApplied e => new(e.AppliedOn, e.Officers),
        RecusalDecided e => new(e.DecidedOn, e.Officers),
        CaseSuspended e => new(e.SuspendedOn, e.Officers),
        CaseResumed e => new(e.ResumedOn, e.Officers),
        DecisionDeadlineExtended e => new(e.ExtendedOn, e.Officers),
        InvestigationConcluded e => new(e.ConcludedOn, e.Officers),
        PenaltyNoticeServed e => new(e.ServedOn, e.Officers),
        StatementRecorded e => new(e.SubmittedOn, e.Officers),
        RightsWaived e => new(e.WaivedOn, e.Officers),
        HearingRequested e => new(e.RequestedOn, e.Officers),
        HearingScheduled e => new(e.NoticeServedOn, e.Officers),
        HearingHeld e => new(e.HeldOn, e.Officers),
        HearingWaived e => new(e.WaivedOn, e.Officers),
        LegalReviewRequested e => new(e.RequestedOn, e.Officers),
        LegalReviewPassed e => new(e.ReviewedOn, e.Officers),
        LegalReviewFailed e => new(e.ReviewedOn, e.Officers),
        CollectiveDiscussionHeld e => new(e.HeldOn, e.Officers),
        DecisionMade e => new(e.DecidedOn, e.Officers),
        DecisionServed e => new(e.ServedOn, e.Officers),
        DecisionPublished e => new(e.PublishedOn, e.Officers),
        PublicationWithdrawn e => new(e.WithdrawnOn, e.Officers),
        PaymentRecorded e => new(e.PaidOn, e.Officers),
        PaymentDeferred e => new(e.ApprovedOn, e.Officers),
        InstalmentsApproved e => new(e.ApprovedOn, e.Officers),
        PaymentReminderServed e => new(e.ServedOn, e.Officers),
        CourtEnforcementApplied e => new(e.AppliedOn, e.Officers),
        CaseReferred e => new(e.ReferredOn, e.Officers),
        ReferralAnswered e => new(e.AnsweredOn, e.Officers),
        CaseClosed e => new(e.ClosedOn, e.Officers),
        CaseArchived e => new(e.ArchivedOn, e.Officers),
        OnTheSpotDecisionMade e => new(e.DecidedOn, e.Officers),
        OnTheSpotFineCollected e => new(e.CollectedOn, e.Officers),
        CashHandedOver e => new(e.HandedOverOn, e.Officers),
        CopyFiled e => new(e.FiledOn, e.Officers),
        FastTrackConsented e => new(e.ConsentedOn, e.Officers),
        _ => null,
    };

    private static Finding Of(string stream, long version, Refusal refusal)
    {
        var (kind, rule, article) = Classify(refusal.Code);
        return new Finding(stream, version, kind, refusal.Code, rule, article, refusal.Message);
    }

    /// <summary>Each refusal code as a finding: its kind, the invariant of domain.md §2 and the article.</summary>
    public static (string Kind, string Rule, string Article) Classify(string code) => code switch
    {
        RefusalCodes.PenaltyNoticeRequired => ("step-skipped", "I4 notice before decision", "行政处罚法 Arts. 44, 62"),
        RefusalCodes.DefencePeriodOpen => ("step-skipped", "I4 notice before decision: defence window", "行政处罚法 Art. 45"),
        RefusalCodes.HeavierThanNotice => ("rule-broken", "I4 never heavier because of the defence", "行政处罚法 Art. 45"),
        RefusalCodes.HearingPending => ("step-skipped", "I5 a timely hearing request blocks the decision", "行政处罚法 Arts. 63–65"),
        RefusalCodes.LegalReviewRequired => ("step-skipped", "I6 legal-review gate", "行政处罚法 Art. 58"),
        RefusalCodes.LegalReviewFailed => ("step-skipped", "I6 legal-review gate: the review failed", "行政处罚法 Art. 58"),
        RefusalCodes.CollectiveDiscussionRequired => ("step-skipped", "I7 collective discussion", "行政处罚法 Art. 57"),
        RefusalCodes.DiscretionReasonRequired => ("rule-broken", "I8 discretion benchmark cited", "行政处罚法 Art. 34"),
        RefusalCodes.DecisionDeadlinePassed => ("deadline-missed", "I9 decision within 90 days", "行政处罚法 Art. 60"),
        RefusalCodes.ReviewerNotQualified => ("officer", "I6 an eligible reviewer", "行政处罚法 Art. 58(2)"),
        RefusalCodes.OneFinePerAct => ("rule-broken", "I11 one fine per act", "行政处罚法 Art. 29"),
        RefusalCodes.HeavierNoticeWithoutNewFacts => ("rule-broken", "I4 a new notice heavier only on new facts", "行政处罚法 Art. 45(2)"),
        RefusalCodes.StatementNotRecorded => ("step-skipped", "I4 the party heard before the on-the-spot decision", "行政处罚法 Arts. 44, 52"),
        RefusalCodes.ExtensionNotAllowed => ("rule-broken", "I9 extension approved as the rules allow", "行政处罚法 Art. 60"),
        RefusalCodes.FastTrackNotAllowed => ("rule-broken", "fast track not where a hearing applies", "公安机关办理行政案件程序规定"),
        RefusalCodes.WrongStage => ("step-skipped", "procedure order", "行政处罚法 Arts. 54–62"),
        RefusalCodes.OfficerNotCertified => ("officer", "I1 certificates", "行政处罚法 Arts. 42, 55"),
        RefusalCodes.TwoOfficersRequired => ("officer", "I2 two officers", "行政处罚法 Art. 42"),
        RefusalCodes.OfficerRecused => ("officer", "I3 recusal", "行政处罚法 Art. 43"),
        RefusalCodes.Forbidden or RefusalCodes.NotFound => ("officer", "I1 certificates and roles", "行政处罚法 Arts. 42, 55"),
        RefusalCodes.DateOutOfOrder => ("rule-broken", "business dates (domain.md §8)", "行政处罚法 Art. 47"),
        _ => ("rule-broken", code, ""),
    };

    private static string Show(LocalDate date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
