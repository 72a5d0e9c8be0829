using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using NodaTime;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>
/// Administrative reconsideration (行政复议, 2023 law) as a pure decider on its own stream, naming the contested
/// penalty case. The engine carries a decision that revokes, changes or confirms the act illegal or void onto the case.
/// </summary>
public static partial class ReconsiderationCase
{
    /// <summary>The kebab-case command names of domain.md §8.3; <c>apply</c> opens the stream (<c>POST /api/reconsiderations</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["apply"] = typeof(ApplyForReconsideration),
        ["accept"] = typeof(AcceptApplication),
        ["refuse"] = typeof(RefuseApplication),
        ["request-correction"] = typeof(RequestCorrection),
        ["submit-correction"] = typeof(SubmitCorrection),
        ["send-copy"] = typeof(SendCopy),
        ["submit-reply"] = typeof(SubmitReply),
        ["record-missed-reply"] = typeof(RecordMissedReply),
        ["investigate"] = typeof(Investigate),
        ["schedule-hearing"] = typeof(ScheduleReconsiderationHearing),
        ["hold-hearing"] = typeof(HoldReconsiderationHearing),
        ["suspend"] = typeof(SuspendReconsideration),
        ["resume"] = typeof(ResumeReconsideration),
        ["extend"] = typeof(ExtendReconsideration),
        ["convert-to-general"] = typeof(ConvertToGeneral),
        ["mediate"] = typeof(Mediate),
        ["withdraw"] = typeof(WithdrawApplication),
        ["decide"] = typeof(DecideReconsideration),
        ["serve-decision"] = typeof(ServeReconsiderationDecision),
    };

    public static IReadOnlyList<Type> EventTypes { get; } =
    [
        typeof(ReconsiderationApplied), typeof(CorrectionRequested), typeof(CorrectionSubmitted), typeof(ReconsiderationAccepted),
        typeof(ReconsiderationRefused), typeof(CopySentToRespondent), typeof(RespondentReplied), typeof(RespondentReplyMissed),
        typeof(ReconsiderationInvestigated), typeof(ReconsiderationHearingScheduled), typeof(ReconsiderationHearingHeld),
        typeof(ReconsiderationSuspended), typeof(ReconsiderationResumed), typeof(ReconsiderationExtended),
        typeof(ConvertedToGeneralProcedure), typeof(ReconsiderationMediated), typeof(ReconsiderationWithdrawn),
        typeof(ReconsiderationDecided), typeof(ReconsiderationDecisionServed),
    ];

    public static ReconsiderationState? Evolve(ReconsiderationState? state, object @event) => (state, @event) switch
    {
        (null, ReconsiderationApplied e) => new ReconsiderationState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    /// <summary>Pure: the events the command appends, nothing when the stream is already where it asks, or a refusal.</summary>
    /// <param name="contested">The penalty case the application names (read by the engine for <c>apply</c> only).</param>
    public static Decision Decide(IReconsiderationCommand command, ReconsiderationState? state, CaseContext context, PenaltyCaseState? contested = null) =>
        (command, state) switch
        {
            (ApplyForReconsideration c, _) => Applying.Decide(c, state, context, contested),
            (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Reconsideration '{context.CaseId}' does not exist."),
            (AcceptApplication c, var s) => Acceptance.Decide(c, s, context),
            (RefuseApplication c, var s) => Acceptance.Decide(c, s, context),
            (RequestCorrection c, var s) => Acceptance.Decide(c, s, context),
            (SubmitCorrection c, var s) => Acceptance.Decide(c, s, context),
            (SendCopy c, var s) => Review.Decide(c, s, context),
            (SubmitReply c, var s) => Review.Decide(c, s, context),
            (RecordMissedReply c, var s) => Review.Decide(c, s, context),
            (Investigate c, var s) => Review.Decide(c, s, context),
            (ScheduleReconsiderationHearing c, var s) => Review.Decide(c, s, context),
            (HoldReconsiderationHearing c, var s) => Review.Decide(c, s, context),
            (SuspendReconsideration c, var s) => Course.Decide(c, s, context),
            (ResumeReconsideration c, var s) => Course.Decide(c, s, context),
            (ExtendReconsideration c, var s) => Course.Decide(c, s, context),
            (ConvertToGeneral c, var s) => Course.Decide(c, s, context),
            (Mediate c, var s) => Course.Decide(c, s, context),
            (WithdrawApplication c, var s) => Course.Decide(c, s, context),
            (DecideReconsideration c, var s) => Deciding.Decide(c, s, context),
            (ServeReconsiderationDecision c, var s) => Deciding.Decide(c, s, context),
            _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a reconsideration command."),
        };

    /// <summary>Where the reconsideration stands, in words a supervisor reads.</summary>
    public static string StageOf(ReconsiderationState s) =>
        s.Refusal is not null ? "refused"
        : s.Withdrawal is not null ? "withdrawn"
        : s.Settlement is not null ? "settled-by-mediation"
        : s.Service is not null ? "decision-served"
        : s.Decision is not null ? "decided"
        : s.IsSuspended ? "suspended"
        : s.Acceptance is null ? (CorrectionPending(s) ? "awaiting-correction" : "applied")
        : s.Copy is null ? "accepted"
        : s.Reply is null && s.ReplyMissed is null ? "awaiting-reply"
        : "under-review";

    internal static Refusal? Ended(ReconsiderationState s) =>
        s.EndedOn is { } ended
            ? new Refusal(RefusalCodes.CaseClosed, $"The reconsideration ended on {Dates.Show(ended)} ({StageOf(s)}).")
            : null;

    /// <summary>
    /// Steps after acceptance. The body's silence for 5 working days is acceptance (Art. 30): the first later step records
    /// the deemed acceptance before its own event.
    /// </summary>
    internal static Decision Accepted(ReconsiderationState s, CaseContext context, LocalDate on, Func<ReconsiderationState, Decision> then)
    {
        if (s.Acceptance is not null) return then(s);
        if (s.Refusal is null && !CorrectionPending(s) && on > AcceptanceDue(s, context.Calendar))
        {
            var due = AcceptanceDue(s, context.Calendar);
            var deemed = new ReconsiderationAccepted(s.Id, due, true, ReconsiderationProcedure.General, false,
                NaturalPeriods.End(context.Calendar, due, DecisionDays), [], [], context.Actor.Id);
            var decision = then(s.Apply(deemed));
            return decision.IsRefused || decision.Events.Count == 0 ? decision : Decision.Accept([deemed, .. decision.Events]);
        }
        return Decision.Refuse(RefusalCodes.WrongStage, CorrectionPending(s)
            ? "The applicant's correction is outstanding (Art. 31)."
            : $"Accept the application first; it is deemed accepted after {Dates.Show(AcceptanceDue(s, context.Calendar))} (Art. 30).");
    }

    internal static Step Step(LocalDate on) => new(on) { Staffing = ReconsiderationLaw.Staff };
}
