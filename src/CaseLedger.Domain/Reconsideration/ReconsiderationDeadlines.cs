using CaseLedger.Domain.Calendar;
using NodaTime;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;

namespace CaseLedger.Domain.Reconsideration;

public static partial class ReconsiderationCase
{
    /// <summary>Every deadline of the reconsideration (domain.md §8.5) with its status on <paramref name="today"/>.</summary>
    public static IReadOnlyList<Deadline> Deadlines(ReconsiderationState s, IWorkingDayCalendar calendar, LocalDate today)
    {
        var list = new DeadlineList(calendar, today).PartyRights("application", "correction");
        var a = s.Application;
        if (a.RemedyNoticeGiven)
            list.NaturalDays("application", "Application within 60 days of knowing the act", "行政复议法 Art. 20", a.KnewOn, ApplicationDays, a.AppliedOn);
        else if (a.LearnedOfRightOn is { } learned && a.ApplicationDueOn < NaturalPeriods.EndYears(calendar, a.KnewOn, 1))
            list.NaturalDays("application", "Application within 60 days of learning of the right", "行政复议法 Art. 20", learned, ApplicationDays, a.AppliedOn);
        else
            list.Months("application", "Application within one year of knowing the act, no notice of the right", "行政复议法 Art. 20", a.KnewOn, 12, a.AppliedOn);

        var ended = s.EndedOn;
        if (s.Correction is { } correction)
        {
            list.WorkingDays("correction-notice", "One correction notice within 5 working days", "行政复议法 Art. 31",
                a.AppliedOn, CorrectionRequestWorkingDays, correction.RequestedOn);
            list.WorkingDays("correction", "Applicant's correction within 10 working days", "行政复议法 Art. 31",
                correction.RequestedOn, CorrectionWorkingDays, s.CorrectionSubmission?.SubmittedOn);
        }
        if (!CorrectionPending(s))
            list.WorkingDays("acceptance", "Examination of the application (silence = accepted)", "行政复议法 Art. 30",
                AcceptanceTrigger(s), AcceptanceWorkingDays, s.Acceptance is { Deemed: false } acc ? acc.AcceptedOn : s.Refusal?.RefusedOn ?? s.Acceptance?.AcceptedOn);

        if (s.Acceptance is { } accepted)
        {
            list.WorkingDays("copy", "Copy of the application to the respondent", s.Procedure == ReconsiderationProcedure.Simplified ? "行政复议法 Art. 54" : "行政复议法 Art. 48",
                accepted.AcceptedOn, CopyDays(s), s.Copy?.SentOn ?? (ended is { } e1 && s.Copy is null ? e1 : null));
            if (s.Copy is { } copy)
                list.WorkingDays("reply", "Respondent's written reply, evidence and legal basis", s.Procedure == ReconsiderationProcedure.Simplified ? "行政复议法 Art. 54" : "行政复议法 Art. 48",
                    copy.ReceivedOn, ReplyDays(s), s.Reply?.RepliedOn ?? s.ReplyMissed?.LateReplyOn);
            if (s.HearingSchedule is { } hearing)
                list.NoticeAtLeast("hearing-notice", "Hearing notice at least 5 working days before", "行政复议法 Art. 51",
                    hearing.NoticeServedOn, HearingNoticeWorkingDays, hearing.HearingOn);
            list.NaturalDays("decision", s.Procedure == ReconsiderationProcedure.Simplified ? "Decision within 30 days (simplified)" : "Decision within 60 days of acceptance",
                "行政复议法 Art. 62", accepted.AcceptedOn, DecisionLength(s), ended, Suspensions(s), Extensions(s));
        }
        return list.All;
    }
}
