using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;
using CaseLedger.Domain.Calendar;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>The review: copy to the respondent, its reply and evidence, investigation and hearing (Arts. 45–51, 54, 70).</summary>
internal static class Review
{
    public static Decision Decide(SendCopy c, ReconsiderationState s, CaseContext context)
    {
        if (s.Copy is not null) return Decision.Nothing;
        var receivedOn = c.ReceivedOn ?? c.SentOn;
        var step = ReconsiderationCase.Step(c.SentOn).By(c.Staff).After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        return (Valid.Required(c.SentOn, "sentOn") ?? (receivedOn < c.SentOn ? Valid.Fail("receivedOn may not be before sentOn.") : null)
                ?? (receivedOn > context.Today ? new Refusal(RefusalCodes.DateOutOfOrder, "receivedOn is later than today.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.SentOn, a => Decision.Accept(new CopySentToRespondent(
                s.Id, c.SentOn, receivedOn, context.Calendar.AddWorkingDays(receivedOn, ReplyDays(a)),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id))));
    }

    public static Decision Decide(SubmitReply c, ReconsiderationState s, CaseContext context)
    {
        if (s.Reply is not null || s.ReplyMissed is { LateReplyOn: not null }) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.RepliedOn).By(c.Staff).After(s.Copy?.ReceivedOn, "respondent's receipt of the copy");
        return (Valid.Required(c.RepliedOn, "repliedOn") ?? Valid.Required(c.ReplySha256, "replySha256") ?? Valid.Sha256(c.ReplySha256, "replySha256")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Copy is null ? Valid.WrongStage("Send the copy of the application to the respondent first (Art. 48).") : null))
            .Then(() => c.RepliedOn > s.Copy!.ReplyDueOn || s.ReplyMissed is not null
                // Art. 70: a reply after the period counts as none; the act is treated as having no evidence.
                ? Decision.Accept(new RespondentReplyMissed(s.Id, s.Copy.ReplyDueOn, c.RepliedOn, c.RepliedOn,
                    step.Signatures(context), Valid.Hashes(c.Documents, c.ReplySha256), context.Actor.Id))
                : Decision.Accept(new RespondentReplied(s.Id, c.RepliedOn, Valid.Lower(c.ReplySha256)!,
                    step.Signatures(context), Valid.Hashes(c.Documents, c.ReplySha256), context.Actor.Id)));
    }

    public static Decision Decide(RecordMissedReply c, ReconsiderationState s, CaseContext context)
    {
        if (s.ReplyMissed is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Copy?.ReceivedOn, "respondent's receipt of the copy");
        return (Valid.Required(c.On, "on")
                ?? step.Check(context, s.EndedOn)
                ?? (s.Copy is null ? Valid.WrongStage("Send the copy of the application to the respondent first (Art. 48).") : null)
                ?? (s.Reply is not null ? Valid.WrongStage($"The respondent replied on {Dates.Show(s.Reply.RepliedOn)}.") : null)
                ?? (c.On <= s.Copy!.ReplyDueOn ? Valid.WrongStage($"The respondent may reply until {Dates.Show(s.Copy.ReplyDueOn)} (Art. 48).") : null))
            .Then(() => Decision.Accept(new RespondentReplyMissed(s.Id, s.Copy!.ReplyDueOn, c.On, null, step.Signatures(context), [], context.Actor.Id)));
    }

    public static Decision Decide(Investigate c, ReconsiderationState s, CaseContext context)
    {
        if (c.Description is { } description && s.Investigations.Contains(new InvestigationRecorded(c.On, description))) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff, minimum: 2).After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Description, "description") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.On, _ => Decision.Accept(new ReconsiderationInvestigated(
                s.Id, c.Description!, c.On, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id))));
    }

    public static Decision Decide(ScheduleReconsiderationHearing c, ReconsiderationState s, CaseContext context)
    {
        var members = (c.Members ?? []).Where(m => m != c.PresiderId).Distinct().ToList();
        if (s.HearingSchedule is { } scheduled && scheduled.HearingOn == c.HearingOn && scheduled.PresiderId == c.PresiderId) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.NoticeServedOn).By([c.PresiderId!, .. members], minimum: 1 + HearingMembersMinimum)
            .After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        var earliest = context.Calendar.AddWorkingDays(c.NoticeServedOn, HearingNoticeWorkingDays);
        return (Valid.Required(c.HearingOn, "hearingOn") ?? Valid.Required(c.NoticeServedOn, "noticeServedOn") ?? Valid.Required(c.PresiderId, "presiderId")
                ?? ((c.Members ?? []).Any(string.IsNullOrWhiteSpace) ? Valid.Fail("members may not hold empty entries.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (c.HearingOn < c.NoticeServedOn ? Valid.Fail("hearingOn may not be before noticeServedOn.") : null)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Hearing is not null ? Valid.WrongStage($"The hearing was held on {Dates.Show(s.Hearing.HeldOn)}.") : null)
                ?? (c.HearingOn < earliest
                    ? new Refusal(RefusalCodes.HearingNoticeTooShort,
                        $"The hearing notice needs at least 5 working days: the hearing may be on {Dates.Show(earliest)} at the earliest (行政复议法 Art. 51).")
                    : null))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.NoticeServedOn, a =>
                a.Procedure == ReconsiderationProcedure.Simplified
                    ? Decision.Refuse(Valid.WrongStage("The simplified procedure reviews in writing; convert-to-general before a hearing (Arts. 54–55)."))
                    : Decision.Accept(new ReconsiderationHearingScheduled(
                        s.Id, c.HearingOn, c.NoticeServedOn, c.PresiderId!, members, c.Place,
                        step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id))));
    }

    public static Decision Decide(HoldReconsiderationHearing c, ReconsiderationState s, CaseContext context)
    {
        if (s.Hearing is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.HeldOn).By(c.Staff).After(s.HearingSchedule?.HearingOn, "scheduled hearing date");
        return (Valid.Required(c.HeldOn, "heldOn") ?? Valid.Sha256(c.TranscriptSha256, "transcriptSha256") ?? Valid.Documents(c.Documents)
                ?? (c.ApplicantAppeared && c.TranscriptSha256 is null ? Valid.Fail("transcriptSha256: a held hearing has a signed record.") : null)
                ?? step.Check(context, s.EndedOn)
                ?? (s.HearingSchedule is null ? Valid.WrongStage("Schedule the hearing first (Art. 51).") : null))
            .Then(() => Decision.Accept(new ReconsiderationHearingHeld(
                s.Id, c.HeldOn, c.ApplicantAppeared, c.RespondentHeadAttended, Valid.Lower(c.TranscriptSha256),
                step.Signatures(context), Valid.Hashes(c.Documents, c.TranscriptSha256), context.Actor.Id)));
    }
}
