using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

public static partial class PenaltyCase
{
    /// <summary>Every deadline of the case (domain.md §8.5) with its status on <paramref name="today"/>.</summary>
    public static IReadOnlyList<Deadline> Deadlines(PenaltyCaseState state, IWorkingDayCalendar calendar, LocalDate today)
    {
        var deadlines = new List<Deadline>();
        void WorkingDays(string key, string purpose, string rule, LocalDate trigger, int length, LocalDate? metOn) =>
            deadlines.Add(Make(calendar, today, key, purpose, rule, trigger, Counting.WorkingDays, length,
                calendar.AddWorkingDays(trigger, length), null, [], [], metOn));

        if (state.Filing is { } filing)
        {
            deadlines.Add(Make(calendar, today, "decision", $"Decision within {Law.DecisionDays(state)} days of filing", "行政处罚法 Art. 60",
                filing.FiledOn, Counting.NaturalDays, Law.DecisionDays(state), Law.DecisionRawDue(state, today),
                Law.DecisionDue(state, today, calendar), Law.Suspensions(state),
                [.. state.Extensions.Select(e => new DeadlineExtension(e.Days, e.ApprovedBy, e.ExtendedOn, e.Reason))],
                state.Decision?.DecidedOn ?? state.Referral?.ReferredOn));
        }

        if (state.FastTrack is { } fast)
        {
            var arrivedOn = AgencyZone.Today(fast.ArrivedAt);
            var due = AgencyZone.Today(fast.ArrivedAt + Law.FastTrackDecisionLimit);
            deadlines.Add(Make(calendar, today, "fast-track-decision", "Fast-track decision within 48 hours of arrival",
                "公安机关办理行政案件程序规定 (快速办理)", arrivedOn, Counting.NaturalDays, 2, due, due, [], [], state.Decision?.DecidedOn));
        }

        foreach (var p in state.Preservations)
            WorkingDays($"preservation-decision:{p.PreservationId}", "Handling decision on preserved evidence", "行政处罚法 Art. 56",
                p.PreservedOn, Law.PreservationDecisionWorkingDays,
                state.PreservationDecisions.FirstOrDefault(d => d.PreservationId == p.PreservationId)?.DecidedOn);

        if (state.Notice is { } notice)
        {
            if (notice.HearingRightStated && Law.HearingRequestDue(notice, calendar) is { } hearingDue)
            {
                var (length, counting) = Law.HearingRequestWindow(notice.ServedOn);
                deadlines.Add(Make(calendar, today, "hearing-request", "Party may request a hearing", "行政处罚法 Art. 64",
                    notice.ServedOn, counting, length, counting == Counting.WorkingDays ? hearingDue : notice.ServedOn.PlusDays(length),
                    hearingDue, [], [], state.HearingRequest?.RequestedOn ?? state.Waiver?.WaivedOn));
            }
            WorkingDays("defence", "Party may state and defend", "行政处罚法 Art. 45", notice.ServedOn, Law.DefenceWorkingDays,
                state.Waiver?.WaivedOn ?? (state.Statements.Count > 0 ? state.Statements.Min(s => s.SubmittedOn) : null));
        }

        if (state.HearingSchedule is { } schedule)
        {
            var earliest = calendar.AddWorkingDays(schedule.NoticeServedOn, Law.HearingNoticeWorkingDays);
            deadlines.Add(new Deadline("hearing-notice", "Hearing notice at least 7 working days before the hearing", "行政处罚法 Art. 64",
                schedule.NoticeServedOn, Counting.WorkingDays, Law.HearingNoticeWorkingDays, earliest, earliest, [], [],
                calendar.IsProvisional(schedule.NoticeServedOn, earliest),
                schedule.HearingOn >= earliest ? DeadlineStatus.Met : DeadlineStatus.Missed, schedule.HearingOn));
        }

        if (state.Decision is { } decision)
        {
            WorkingDays("service", "Service of the decision", "行政处罚法 Art. 61", decision.DecidedOn, Law.ServiceWorkingDays,
                state.Service?.ServedOn);
            if (decision.Outcome == InvestigationOutcome.Penalty)
                WorkingDays("publication", "Publication of the penalty decision", "国办发〔2018〕118号 (三项制度)", decision.DecidedOn,
                    Law.PublicationWorkingDays, state.Publication?.PublishedOn);
        }

        if (state.Publication is not null && state.LastChangedOn is { } changedOn)
            WorkingDays("withdrawal", "Withdrawal of the publication after revocation or change", "行政处罚法 Art. 48", changedOn,
                Law.WithdrawalWorkingDays, state.Withdrawal?.WithdrawnOn);

        if (Law.PaymentTrigger(state) is { } served && state.Fine > 0 && Law.PaymentDue(state, calendar) is { } paymentDue)
        {
            var raw = Law.PaymentRawDue(state)!.Value;
            IReadOnlyList<DeadlineExtension> extensions = state.Deferral is { } d
                ? [new DeadlineExtension(Period.Between(raw, d.DeferredTo, PeriodUnits.Days).Days, d.ApprovedBy, d.ApprovedOn, d.Reason)]
                : [];
            deadlines.Add(Make(calendar, today, "payment", "Payment of the fine", "行政处罚法 Art. 67", served, Counting.NaturalDays,
                Law.PaymentDays, raw, paymentDue, [], extensions, PaidOn(state)));
        }

        if (state.Reminder is { } reminder)
            WorkingDays("reminder", "Payment after the written reminder, before court enforcement", "行政强制法 Art. 54",
                reminder.ServedOn, Law.ReminderWorkingDays, PaidOn(state));

        // Only while the fine is owed (or once sent to court): a fine paid in full needs no court.
        if (state.Fine > 0 && state.Collection is null && (state.Enforcement is not null || !state.PaidInFull)
            && RemedyPeriods.End(state, calendar, today) is { } remediesEnd)
            deadlines.Add(Make(calendar, today, "court-enforcement",
                "Court enforcement of an unpaid fine: after the remedy periods (the trigger), within 3 months", RemedyPeriods.Rule,
                remediesEnd, Counting.Months, RemedyPeriods.EnforcementMonths, Periods.AddMonths(remediesEnd, RemedyPeriods.EnforcementMonths),
                RemedyPeriods.EnforcementDue(remediesEnd, calendar), [], [], state.Enforcement?.AppliedOn));

        if (state.Collection is { } collection)
            WorkingDays("cash-hand-over", "Cash collected on the spot handed to the agency", "行政处罚法 Art. 71", collection.CollectedOn,
                Law.CashHandOverWorkingDays, state.HandOver?.HandedOverOn);

        return [.. deadlines.Select(OwnedBy)];
    }

    private static readonly HashSet<string> PartyRights = ["hearing-request", "defence"];
    private static readonly HashSet<string> PartyObligations = ["payment", "reminder"];

    /// <summary>A party's right that passed unused has lapsed, it was not missed; a payment is the party's to make.</summary>
    private static Deadline OwnedBy(Deadline deadline) =>
        PartyRights.Contains(deadline.Key)
            ? deadline with { Owner = DeadlineOwner.Party, Status = deadline.Status == DeadlineStatus.Missed && deadline.MetOn is null ? DeadlineStatus.Lapsed : deadline.Status }
            : PartyObligations.Contains(deadline.Key) ? deadline with { Owner = DeadlineOwner.Party }
            : deadline;

    private static LocalDate? PaidOn(PenaltyCaseState state) =>
        state.Collection?.CollectedOn ?? (state.PaidInFull ? state.Payments[^1].PaidOn : null);

    private static Deadline Make(
        IWorkingDayCalendar calendar, LocalDate today, string key, string purpose, string rule, LocalDate trigger, Counting counting,
        int length, LocalDate rawEnd, LocalDate? end, IReadOnlyList<ExcludedInterval> excluded, IReadOnlyList<DeadlineExtension> extensions,
        LocalDate? metOn)
    {
        var last = end ?? rawEnd;
        var status = metOn is { } met ? (met <= last ? DeadlineStatus.Met : DeadlineStatus.Missed)
            : today > last ? DeadlineStatus.Missed
            : DeadlineStatus.Open;
        return new Deadline(key, purpose, rule, trigger, counting, length, rawEnd, last, excluded, extensions,
            calendar.IsProvisional(trigger, last), status, metOn);
    }
}
