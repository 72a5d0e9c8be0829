using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>A command on a reconsideration stream.</summary>
public interface IReconsiderationCommand : IProceedingCommand;

/// <summary><c>POST /api/reconsiderations</c>: the application (Arts. 20–22), received by the body's staff.</summary>
public sealed record ApplyForReconsideration(
    string? CaseId,
    Party? Applicant,
    LocalDate KnewOn,
    LocalDate AppliedOn,
    bool RemedyNoticeGiven,
    string? Body = null,
    string? Request = null,
    LocalDate? LearnedOfRightOn = null,
    bool Oral = false,
    IReadOnlyList<string>? ThirdParties = null,
    IReadOnlyList<string>? ReceivedBy = null,
    string? PetitionId = null,
    IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(ReceivedBy);
}

/// <summary><c>accept</c>: within 5 working days (Art. 30); later, the application was already deemed accepted. Optionally the simplified procedure (Art. 53).</summary>
public sealed record AcceptApplication(
    LocalDate AcceptedOn,
    IReadOnlyList<string>? Staff = null,
    ReconsiderationProcedure Procedure = ReconsiderationProcedure.General,
    bool PartiesAgree = false,
    bool MajorOrComplex = false,
    IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>refuse</c>: refusal with reasons within 5 working days (Art. 30).</summary>
public sealed record RefuseApplication(LocalDate RefusedOn, string? Reason, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>request-correction</c>: one correction notice within 5 working days; the applicant has 10 working days (Art. 31).</summary>
public sealed record RequestCorrection(LocalDate RequestedOn, IReadOnlyList<string>? Items, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>submit-correction</c>: the applicant's corrected materials; after 10 working days the application is deemed withdrawn (Art. 31).</summary>
public sealed record SubmitCorrection(LocalDate SubmittedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>send-copy</c>: the application to the respondent within 7 working days of acceptance, 3 in the simplified procedure (Arts. 48, 54).</summary>
public sealed record SendCopy(LocalDate SentOn, LocalDate? ReceivedOn = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>submit-reply</c>: the respondent's written reply, evidence and legal basis within 10 working days of receipt (5 simplified); a late one counts as missed (Arts. 48, 70).</summary>
public sealed record SubmitReply(LocalDate RepliedOn, string? ReplySha256, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-missed-reply</c>: the reply period passed without a reply (Art. 70).</summary>
public sealed record RecordMissedReply(LocalDate On, IReadOnlyList<string>? Staff = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>investigate</c>: an investigation by at least two staff (Art. 45).</summary>
public sealed record Investigate(LocalDate On, string? Description, IReadOnlyList<string>? Staff, IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>schedule-hearing</c>: one presider and at least two members, notice at least 5 working days before (Art. 51).</summary>
public sealed record ScheduleReconsiderationHearing(
    LocalDate HearingOn, LocalDate NoticeServedOn, string? PresiderId, IReadOnlyList<string>? Members, string? Place = null,
    IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Members, PresiderId);
}

/// <summary><c>hold-hearing</c>: the hearing; an applicant who does not appear waives it; the respondent's head should attend (Art. 51).</summary>
public sealed record HoldReconsiderationHearing(
    LocalDate HeldOn, bool ApplicantAppeared, bool RespondentHeadAttended, string? TranscriptSha256 = null,
    IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>suspend</c>: on an Art. 39 ground (e.g. agreed mediation); the decision clock stops.</summary>
public sealed record SuspendReconsideration(LocalDate On, string? Ground, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>resume</c>: the suspension ends.</summary>
public sealed record ResumeReconsideration(LocalDate On, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>extend</c>: once, at most 30 days, with the head's approval and written notice (Art. 62).</summary>
public sealed record ExtendReconsideration(LocalDate On, int Days, string? ApprovedBy, string? Reason, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>convert-to-general</c>: a simplified case goes over to the general procedure (Art. 55).</summary>
public sealed record ConvertToGeneral(LocalDate On, string? Reason, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>mediate</c>: a signed and sealed mediation agreement ends the case; a failed mediation leaves it to the decision (Art. 73).</summary>
public sealed record Mediate(LocalDate On, bool Agreed, string? AgreementSha256 = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>withdraw</c>: the applicant withdraws, after a settlement or not (Art. 74).</summary>
public sealed record WithdrawApplication(LocalDate On, string? Reason, bool Settlement = false, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>decide</c>: the head (or collective discussion) decides (Arts. 61, 63–70).</summary>
public sealed record DecideReconsideration(
    ReconsiderationDecisionType Type,
    IReadOnlyList<DecisionGround>? Grounds,
    string? DecidedBy,
    LocalDate DecidedOn,
    string? Reasons = null,
    IReadOnlyList<PenaltyTerm>? NewPenalties = null,
    bool ThirdPartyRequested = false,
    bool OrderNewAct = false,
    IReadOnlyList<string>? Staff = null,
    string? DecisionSha256 = null,
    IReadOnlyList<string>? Documents = null) : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff, DecidedBy);
}

/// <summary><c>serve-decision</c>: the decision takes effect on service (Art. 75).</summary>
public sealed record ServeReconsiderationDecision(LocalDate ServedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IReconsiderationCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}
