using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>request-hearing</c>: within 5 working days of the notice (Art. 64), only when the notice stated the right.</summary>
public sealed record RequestHearing(
    LocalDate RequestedOn,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>schedule-hearing</c>: the party is notified at least 7 working days before; the presider is no investigator (Art. 64).</summary>
public sealed record ScheduleHearing(
    LocalDate HearingOn,
    string? PresiderId,
    LocalDate NoticeServedOn,
    string? Place = null,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, PresiderId);
}

/// <summary><c>hold-hearing</c>: held with a signed record; a party who does not appear waives it (Art. 64).</summary>
public sealed record HoldHearing(
    LocalDate HeldOn,
    string? PresiderId,
    bool PartyAppeared,
    string? TranscriptSha256,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, PresiderId);
}

internal static class Hearings
{
    public static Decision Decide(RequestHearing c, PenaltyCaseState s, CaseContext context)
    {
        if (s.HearingRequest is not null && s.Decision is null) return Decision.Nothing;
        var step = new Step(c.RequestedOn).OnBehalfOfParty().Officers(c.Officers, minimum: 0).After(s.Notice?.ServedOn, "service of the penalty notice");
        return (Valid.Required(c.RequestedOn, "requestedOn") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.NoticeServed(s)
                ?? (!s.Notice!.HearingRightStated
                    ? new Refusal(RefusalCodes.HearingNotAvailable, "The proposed penalties do not reach the hearing trigger of Art. 63.")
                    : null)
                ?? (s.Waiver is not null
                    ? new Refusal(RefusalCodes.HearingNotAvailable, $"The party waived the rights on {Dates.Show(s.Waiver.WaivedOn)}.")
                    : null)
                ?? (c.RequestedOn > Law.HearingRequestDue(s.Notice, context.Calendar)
                    ? new Refusal(RefusalCodes.HearingRequestLate,
                        $"A hearing had to be requested by {Dates.Show(Law.HearingRequestDue(s.Notice, context.Calendar)!.Value)} (Art. 64).")
                    : null))
            .Then(() => Decision.Accept(new HearingRequested(
                s.CaseId, c.RequestedOn, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ScheduleHearing c, PenaltyCaseState s, CaseContext context)
    {
        if (s.HearingSchedule is { } scheduled && scheduled.HearingOn == c.HearingOn && scheduled.PresiderId == c.PresiderId
            && scheduled.NoticeServedOn == c.NoticeServedOn && s.Hearing is null && s.HearingWaiver is null)
            return Decision.Nothing;
        var step = new Step(c.NoticeServedOn).As(SignatureCapacity.Presider, c.PresiderId).Officers(c.Officers, minimum: 0)
            .After(s.HearingRequest?.RequestedOn, "hearing request");
        return (Valid.Required(c.HearingOn, "hearingOn") ?? Valid.Required(c.NoticeServedOn, "noticeServedOn")
                ?? Valid.Required(c.PresiderId, "presiderId")
                ?? (c.HearingOn < c.NoticeServedOn ? Valid.Fail("hearingOn must follow noticeServedOn.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? PresiderCertified(c.PresiderId!, c.HearingOn, context)
                ?? Stages.NoticeServed(s)
                ?? (s.HearingRequest is null ? Valid.WrongStage("The party has not requested a hearing (request-hearing).") : null)
                ?? (s.Hearing is not null || s.HearingWaiver is not null ? Valid.WrongStage("The hearing is over already.") : null)
                ?? (context.Calendar.WorkingDaysBetween(c.NoticeServedOn, c.HearingOn) < Law.HearingNoticeWorkingDays
                    ? new Refusal(RefusalCodes.HearingNoticeTooShort,
                        $"The hearing may be held on {Dates.Show(context.Calendar.AddWorkingDays(c.NoticeServedOn, Law.HearingNoticeWorkingDays))} at the earliest: notice at least 7 working days before (Art. 64).")
                    : null)
                ?? PresiderIsNoInvestigator(c.PresiderId!, s))
            .Then(() => Decision.Accept(new HearingScheduled(
                s.CaseId, c.HearingOn, c.PresiderId!, c.NoticeServedOn, c.Place,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(HoldHearing c, PenaltyCaseState s, CaseContext context)
    {
        if ((s.Hearing is { } held && held.HeldOn == c.HeldOn && c.PartyAppeared)
            || (s.HearingWaiver is { } waived && waived.WaivedOn == c.HeldOn && !c.PartyAppeared))
            return Decision.Nothing;
        var step = new Step(c.HeldOn).As(SignatureCapacity.Presider, c.PresiderId).Officers(c.Officers, minimum: 0)
            .After(s.HearingSchedule?.HearingOn, "scheduled hearing date");
        return (Valid.Required(c.HeldOn, "heldOn") ?? Valid.Required(c.PresiderId, "presiderId")
                ?? Valid.Sha256(c.TranscriptSha256, "transcriptSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? PresiderCertified(c.PresiderId!, c.HeldOn, context)
                ?? Stages.NoticeServed(s)
                ?? (s.HearingSchedule is null ? Valid.WrongStage("Schedule the hearing first (schedule-hearing).") : null)
                ?? (s.Hearing is not null || s.HearingWaiver is not null ? Valid.WrongStage("The hearing is over already.") : null)
                ?? (c.PresiderId != s.HearingSchedule!.PresiderId
                    ? Valid.Fail($"The hearing was scheduled with presider '{s.HearingSchedule.PresiderId}'.")
                    : null)
                ?? PresiderIsNoInvestigator(c.PresiderId!, s)
                ?? (c.PartyAppeared && c.TranscriptSha256 is null
                    ? new Refusal(RefusalCodes.MediaRecordRequired, "A held hearing needs its signed record and recording (transcriptSha256); the decision cites it.")
                    : null))
            .Then(() => Decision.Accept(c.PartyAppeared
                ? new HearingHeld(s.CaseId, c.HeldOn, c.PresiderId!, Valid.Lower(c.TranscriptSha256)!,
                    step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.TranscriptSha256), context.Actor.Id)
                : new HearingWaived(s.CaseId, c.HeldOn, "The party did not appear (Art. 64).",
                    step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.TranscriptSha256), context.Actor.Id)));
    }

    /// <summary>A hearing presider holds the provincial presider certificate on the hearing's date (山东省行政执法监督条例 Art. 11).</summary>
    private static Refusal? PresiderCertified(string presiderId, LocalDate on, CaseContext context) =>
        context.Officers.TryGetValue(presiderId, out var presider) && presider.PresiderCertificateOn(on) is not null
            ? null
            : new Refusal(RefusalCodes.OfficerNotCertified,
                $"'{presiderId}' holds no hearing presider certificate valid on {Dates.Show(on)} (山东省行政执法监督条例 Art. 11).");

    private static Refusal? PresiderIsNoInvestigator(string presiderId, PenaltyCaseState s) =>
        s.Investigators.Contains(presiderId)
            ? new Refusal(RefusalCodes.PresiderIsInvestigator, $"'{presiderId}' investigated this case and may not preside (Art. 64).")
            : null;
}
