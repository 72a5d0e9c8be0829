using CaseLedger.Domain.Calendar;

namespace CaseLedger.Domain.Penalty;

/// <summary>
/// The penalty case (行政处罚) as a pure decider: the state comes from the events alone, a decision from
/// (command, state, context) alone. The engine maps <see cref="Commands"/> to HTTP and stores <see cref="EventTypes"/>.
/// </summary>
public static partial class PenaltyCase
{
    /// <summary>The kebab-case command names of domain.md §8.2 and their records; <c>register-lead</c> opens a case.</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["register-lead"] = typeof(RegisterLead),
        ["file"] = typeof(FileCase),
        ["collect-evidence"] = typeof(CollectEvidence),
        ["preserve-evidence"] = typeof(PreserveEvidence),
        ["decide-preserved-evidence"] = typeof(DecidePreservedEvidence),
        ["apply-recusal"] = typeof(ApplyRecusal),
        ["decide-recusal"] = typeof(DecideRecusal),
        ["suspend"] = typeof(SuspendCase),
        ["resume"] = typeof(ResumeCase),
        ["extend-decision-deadline"] = typeof(ExtendDecisionDeadline),
        ["conclude-investigation"] = typeof(ConcludeInvestigation),
        ["serve-penalty-notice"] = typeof(ServePenaltyNotice),
        ["record-statement"] = typeof(RecordStatement),
        ["waive-rights"] = typeof(WaiveRights),
        ["request-hearing"] = typeof(RequestHearing),
        ["schedule-hearing"] = typeof(ScheduleHearing),
        ["hold-hearing"] = typeof(HoldHearing),
        ["request-legal-review"] = typeof(RequestLegalReview),
        ["complete-legal-review"] = typeof(CompleteLegalReview),
        ["hold-collective-discussion"] = typeof(HoldCollectiveDiscussion),
        ["decide"] = typeof(MakeDecision),
        ["serve-decision"] = typeof(ServeDecision),
        ["publish-decision"] = typeof(PublishDecision),
        ["withdraw-publication"] = typeof(WithdrawPublication),
        ["record-payment"] = typeof(RecordPayment),
        ["approve-deferral"] = typeof(ApproveDeferral),
        ["approve-instalments"] = typeof(ApproveInstalments),
        ["serve-payment-reminder"] = typeof(ServePaymentReminder),
        ["apply-court-enforcement"] = typeof(ApplyCourtEnforcement),
        ["refer-to-judiciary"] = typeof(ReferToJudiciary),
        ["record-referral-outcome"] = typeof(RecordReferralOutcome),
        ["close"] = typeof(CloseCase),
        ["archive"] = typeof(ArchiveCase),
        ["decide-on-the-spot"] = typeof(DecideOnTheSpot),
        ["collect-on-the-spot"] = typeof(CollectOnTheSpot),
        ["hand-over-cash"] = typeof(HandOverCash),
        ["file-copy"] = typeof(FileCopy),
        ["consent-to-fast-track"] = typeof(ConsentToFastTrack),
    };

    /// <summary>Every event type a penalty stream can hold.</summary>
    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(LeadRegistered), typeof(CaseFiled), typeof(EvidenceCollected), typeof(EvidencePreserved),
        typeof(PreservedEvidenceDecided), typeof(RecusalApplied), typeof(RecusalDecided), typeof(CaseSuspended),
        typeof(CaseResumed), typeof(DecisionDeadlineExtended), typeof(InvestigationConcluded), typeof(PenaltyNoticeServed),
        typeof(StatementRecorded), typeof(RightsWaived), typeof(HearingRequested), typeof(HearingScheduled),
        typeof(HearingHeld), typeof(HearingWaived), typeof(LegalReviewRequested), typeof(LegalReviewPassed),
        typeof(LegalReviewFailed), typeof(CollectiveDiscussionHeld), typeof(DecisionMade), typeof(DecisionServed),
        typeof(DecisionPublished), typeof(PublicationWithdrawn), typeof(PaymentRecorded), typeof(PaymentDeferred),
        typeof(InstalmentsApproved), typeof(PaymentReminderServed), typeof(CourtEnforcementApplied), typeof(CaseReferred),
        typeof(CaseClosed), typeof(CaseArchived), typeof(OnTheSpotDecisionMade), typeof(OnTheSpotFineCollected),
        typeof(CashHandedOver), typeof(CopyFiled), typeof(FastTrackConsented), typeof(DecisionRevoked),
        typeof(DecisionChanged), typeof(RemedyStarted), typeof(RemedyEnded), typeof(DecisionConfirmedIllegal), typeof(DeadlineMissed),
        typeof(ReferralAnswered),
    ];

    /// <summary>The case from its events; an event it does not know leaves it unchanged.</summary>
    public static PenaltyCaseState? Evolve(PenaltyCaseState? state, object @event) => (state, @event) switch
    {
        (null, LeadRegistered e) => PenaltyCaseState.Open(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    /// <summary>Pure: the events the command appends, nothing when the case is already where it asks, or a refusal.</summary>
    /// <remarks>After closing only archiving and withdrawing a publication (Art. 48: a revocation may come later) are answered; everything else is <c>case-closed</c>.</remarks>
    public static Decision Decide(ICaseCommand command, PenaltyCaseState? state, CaseContext context)
    {
        var decision = Dispatch(command, state, context);
        return decision is { IsRefused: false, Events.Count: 0 } && state?.Closure is { } closed && command is not (ArchiveCase or WithdrawPublication)
            && !RemedyEffects.IsInternal(command)
            ? Decision.Refuse(RefusalCodes.CaseClosed, $"The case was closed on {Dates.Show(closed.ClosedOn)}.")
            : decision;
    }

    private static Decision Dispatch(ICaseCommand command, PenaltyCaseState? state, CaseContext context) => (command, state) switch
    {
        (RegisterLead c, _) => Opening.Decide(c, state, context),
        (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Case '{context.CaseId}' does not exist; register the lead first."),
        (FileCase c, var s) => Opening.Decide(c, s, context),
        (CollectEvidence c, var s) => Investigation.Decide(c, s, context),
        (PreserveEvidence c, var s) => Investigation.Decide(c, s, context),
        (DecidePreservedEvidence c, var s) => Investigation.Decide(c, s, context),
        (ConcludeInvestigation c, var s) => Investigation.Decide(c, s, context),
        (ApplyRecusal c, var s) => Course.Decide(c, s, context),
        (DecideRecusal c, var s) => Course.Decide(c, s, context),
        (SuspendCase c, var s) => Course.Decide(c, s, context),
        (ResumeCase c, var s) => Course.Decide(c, s, context),
        (ExtendDecisionDeadline c, var s) => Course.Decide(c, s, context),
        (ServePenaltyNotice c, var s) => Notice.Decide(c, s, context),
        (RecordStatement c, var s) => Notice.Decide(c, s, context),
        (WaiveRights c, var s) => Notice.Decide(c, s, context),
        (RequestHearing c, var s) => Hearings.Decide(c, s, context),
        (ScheduleHearing c, var s) => Hearings.Decide(c, s, context),
        (HoldHearing c, var s) => Hearings.Decide(c, s, context),
        (RequestLegalReview c, var s) => Review.Decide(c, s, context),
        (CompleteLegalReview c, var s) => Review.Decide(c, s, context),
        (HoldCollectiveDiscussion c, var s) => Review.Decide(c, s, context),
        (MakeDecision c, var s) => Deciding.Decide(c, s, context),
        (ServeDecision c, var s) => Execution.Decide(c, s, context),
        (PublishDecision c, var s) => Execution.Decide(c, s, context),
        (WithdrawPublication c, var s) => Execution.Decide(c, s, context),
        (RecordPayment c, var s) => Execution.Decide(c, s, context),
        (ApproveDeferral c, var s) => Execution.Decide(c, s, context),
        (ApproveInstalments c, var s) => Execution.Decide(c, s, context),
        (ServePaymentReminder c, var s) => Execution.Decide(c, s, context),
        (ApplyCourtEnforcement c, var s) => Execution.Decide(c, s, context),
        (ReferToJudiciary c, var s) => Closing.Decide(c, s, context),
        (RecordReferralOutcome c, var s) => Closing.Decide(c, s, context),
        (CloseCase c, var s) => Closing.Decide(c, s, context),
        (ArchiveCase c, var s) => Closing.Decide(c, s, context),
        (DecideOnTheSpot c, var s) => Simplified.Decide(c, s, context),
        (CollectOnTheSpot c, var s) => Simplified.Decide(c, s, context),
        (HandOverCash c, var s) => Simplified.Decide(c, s, context),
        (FileCopy c, var s) => Simplified.Decide(c, s, context),
        (ConsentToFastTrack c, var s) => FastTracking.Decide(c, s, context),
        (StartRemedy c, var s) => RemedyEffects.Decide(c, s, context),
        (EndRemedy c, var s) => RemedyEffects.Decide(c, s, context),
        (CarryRemedyDecision c, var s) => RemedyEffects.Decide(c, s, context),
        (RecordMissedDeadlines c, var s) => MissedDeadlines.Decide(c, s, context),
        _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a penalty-case command."),
    };
}
