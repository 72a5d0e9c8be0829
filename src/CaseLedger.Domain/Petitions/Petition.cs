using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using NodaTime;

namespace CaseLedger.Domain.Petitions;

// A petition (信访工作条例 2022) as its own stream. Matters that belong to reconsideration, litigation or arbitration
// are routed into those channels (诉访分离, Outline item 41); the rest get a handling opinion, a review and a re-review.

public enum PetitionChannel { Reconsideration, Litigation, Arbitration, Administrative }

public enum PetitionOutcome { Supported, PartlySupported, NotSupported }

/// <summary>Registered (Art. 22); a petition another body transferred to the agency names it in <see cref="TransferredFrom"/>, lodged on the day it arrived.</summary>
public sealed record PetitionLodged(
    string PetitionId, Party Petitioner, string Subject, string? Facts, LocalDate LodgedOn, string? CaseId, string? SameFactsAs, LocalDate NoticeDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy, string? TransferredFrom = null);

/// <summary>The agency disputes a transferred petition as outside its remit, with reasons, within 5 working days (Art. 23); the materials go back.</summary>
public sealed record PetitionTransferObjected(
    string PetitionId, string Reason, LocalDate ObjectedOn, LocalDate DueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Which written answer the petitioner received: the handling opinion, or the review opinion.</summary>
public enum PetitionAnswer { Reply, Review }

/// <summary>The petitioner received the written answer: the review (re-review) window runs from here (Arts. 35–36).</summary>
public sealed record PetitionAnswerReceived(
    string PetitionId, PetitionAnswer Answer, LocalDate ReceivedOn, LocalDate RequestDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionAccepted(
    string PetitionId, LocalDate AcceptedOn, LocalDate NoticeSentOn, LocalDate HandlingDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>
/// Routed into its statutory channel (Art. 31); routing to reconsideration opens the linked reconsideration, whose application
/// is built from this event (<see cref="PetitionCase.RoutedApplication"/>): the contested case, when the petitioner knew of the
/// act, whether the remedy notice was given and the body it goes to are recorded here.
/// </summary>
public sealed record PetitionRouted(
    string PetitionId, PetitionChannel To, string Reason, LocalDate RoutedOn, string? ReconsiderationId,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy,
    string? CaseId = null, LocalDate? KnewOn = null, bool? RemedyNoticeGiven = null, string? Body = null);

public sealed record PetitionHandlingExtended(
    string PetitionId, int Days, string ApprovedBy, string Reason, LocalDate ExtendedOn, LocalDate HandlingDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The written handling opinion; <see cref="ReceivedOn"/> when the petitioner's receipt is known (else <see cref="PetitionAnswerReceived"/>).</summary>
public sealed record PetitionReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256, LocalDate ReviewRequestDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy, LocalDate? ReceivedOn = null);

public sealed record PetitionReviewRequested(
    string PetitionId, LocalDate RequestedOn, LocalDate ReplyDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionReviewReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256, LocalDate ReReviewRequestDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy, LocalDate? ReceivedOn = null);

public sealed record PetitionReReviewRequested(
    string PetitionId, LocalDate RequestedOn, LocalDate ReplyDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The re-review closes the matter: nothing on the same facts is accepted again (Art. 36).</summary>
public sealed record PetitionReReviewReplied(
    string PetitionId, PetitionOutcome Outcome, LocalDate RepliedOn, string OpinionSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PetitionState(PetitionLodged Lodging)
{
    public string Id => Lodging.PetitionId;
    public PetitionAccepted? Acceptance { get; init; }
    public PetitionRouted? Routing { get; init; }
    public PetitionHandlingExtended? Extension { get; init; }
    public PetitionReplied? Reply { get; init; }
    public PetitionReviewRequested? ReviewRequest { get; init; }
    public PetitionReviewReplied? Review { get; init; }
    public PetitionReReviewRequested? ReReviewRequest { get; init; }
    public PetitionReReviewReplied? ReReview { get; init; }
    public PetitionTransferObjected? Objection { get; init; }
    public PetitionAnswerReceived? ReplyReceipt { get; init; }
    public PetitionAnswerReceived? ReviewReceipt { get; init; }

    /// <summary>When the petitioner received the handling opinion, if recorded.</summary>
    public LocalDate? ReplyReceivedOn => Reply?.ReceivedOn ?? ReplyReceipt?.ReceivedOn;

    /// <summary>When the petitioner received the review opinion, if recorded.</summary>
    public LocalDate? ReviewReceivedOn => Review?.ReceivedOn ?? ReviewReceipt?.ReceivedOn;

    internal PetitionState Apply(object @event) => @event switch
    {
        PetitionAccepted e => this with { Acceptance = e },
        PetitionRouted e => this with { Routing = e },
        PetitionHandlingExtended e => this with { Extension = e },
        PetitionReplied e => this with { Reply = e },
        PetitionReviewRequested e => this with { ReviewRequest = e },
        PetitionReviewReplied e => this with { Review = e },
        PetitionReReviewRequested e => this with { ReReviewRequest = e },
        PetitionReReviewReplied e => this with { ReReview = e },
        PetitionTransferObjected e => this with { Objection = e },
        PetitionAnswerReceived { Answer: PetitionAnswer.Reply } e => this with { ReplyReceipt = e },
        PetitionAnswerReceived e => this with { ReviewReceipt = e },
        _ => this,
    };
}

public interface IPetitionCommand : IProceedingCommand;

/// <summary><c>POST /api/petitions</c>: registration (Art. 22). <see cref="SameFactsAs"/> names an earlier petition on the same facts.</summary>
public sealed record LodgePetition(
    Party? Petitioner, string? Subject, LocalDate LodgedOn, string? Facts = null, string? CaseId = null, string? SameFactsAs = null,
    IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null, string? TransferredFrom = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>object-to-transfer</c>: a transferred petition outside the agency's remit, disputed with reasons within 5 working days (Art. 23).</summary>
public sealed record ObjectToTransfer(LocalDate On, string? Reason, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>record-receipt</c>: the day the petitioner received the latest written answer (the reply, or the review opinion).</summary>
public sealed record RecordAnswerReceipt(LocalDate ReceivedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>accept</c>: acceptance with the written notice to the petitioner within 15 days (Art. 23).</summary>
public sealed record AcceptPetition(LocalDate AcceptedOn, LocalDate? NoticeSentOn = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null)
    : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary>
/// <c>route</c>: into reconsideration, litigation, arbitration or another administrative procedure (Art. 31). To reconsideration
/// it names the case and when the petitioner knew of the act; the engine opens the reconsideration under <see cref="ReconsiderationId"/>.
/// </summary>
public sealed record RoutePetition(
    PetitionChannel To, LocalDate RoutedOn, string? Reason, string? CaseId = null, LocalDate? KnewOn = null, bool RemedyNoticeGiven = true,
    string? Body = null, string? ReconsiderationId = null, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>reply</c>: the handling opinion within 60 days of acceptance (+30 once, Art. 34); <see cref="ReceivedOn"/> when handed over.</summary>
public sealed record ReplyPetition(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null, LocalDate? ReceivedOn = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>extend</c>: once, at most 30 days, with the head's approval and reasons (Art. 34).</summary>
public sealed record ExtendPetition(LocalDate On, int Days, string? ApprovedBy, string? Reason, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>request-review</c>: within 30 days of receiving the written reply (Art. 35).</summary>
public sealed record RequestPetitionReview(LocalDate RequestedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>reply-review</c>: the review's answer within 30 days (Art. 35).</summary>
public sealed record ReplyPetitionReview(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null, LocalDate? ReceivedOn = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>request-re-review</c>: within 30 days of receiving the review's written answer (Art. 36).</summary>
public sealed record RequestPetitionReReview(LocalDate RequestedOn, IReadOnlyList<string>? Staff = null, IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

/// <summary><c>reply-re-review</c>: the final answer within 30 days (Art. 36).</summary>
public sealed record ReplyPetitionReReview(LocalDate RepliedOn, PetitionOutcome Outcome, string? OpinionSha256, IReadOnlyList<string>? Staff = null,
    IReadOnlyList<string>? Documents = null) : IPetitionCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Staff);
}

