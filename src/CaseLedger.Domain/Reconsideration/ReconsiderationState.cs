using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.Reconsideration;

// Events of a reconsideration stream (行政复议法 2023). Every event carries the reconsideration id, the business
// date (...On), the staff who acted, the SHA-256 of the documents the step produced, and who recorded it.

public enum ReconsiderationProcedure { General, Simplified }

/// <summary>The decision types of Arts. 63–69 (domain.md §3.1).</summary>
public enum ReconsiderationDecisionType { Uphold, Revoke, Change, ConfirmIllegal, OrderPerformance, ConfirmVoid, Reject }

/// <summary>The grounds the decision types rest on (Arts. 63–70); each type accepts only its own.</summary>
public enum DecisionGround
{
    Lawful,
    ContentImproper,
    WrongBasis,
    FactsClarified,
    FactsUnclear,
    IllegalProcedure,
    UnlawfulBasis,
    ExceedingPower,
    AbuseOfPower,
    NoEvidenceFromRespondent,
    PublicInterest,
    MinorProceduralFlaw,
    NothingToRevoke,
    AlreadyChanged,
    PerformancePointless,
    FailedToPerform,
    ManifestlyIllegal,
    NoLegalDuty,
    AlreadyPerformed,
}

/// <summary>The contested act as the penalty case held it when the application came in.</summary>
public sealed record ContestedAct(string CaseId, string AgencyId, Procedure Procedure, IReadOnlyList<PenaltyTerm> Penalties, LocalDate? DecidedOn);

public sealed record ReconsiderationApplied(
    string ReconsiderationId, ContestedAct Contested, string Body, Party Applicant, IReadOnlyList<string> ThirdParties, string Request,
    LocalDate KnewOn, LocalDate AppliedOn, bool RemedyNoticeGiven, LocalDate? LearnedOfRightOn, bool Oral, LocalDate ApplicationDueOn,
    string? PetitionId,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CorrectionRequested(
    string ReconsiderationId, IReadOnlyList<string> Items, LocalDate RequestedOn, LocalDate CorrectionDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CorrectionSubmitted(
    string ReconsiderationId, LocalDate SubmittedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Accepted (Art. 30), or deemed accepted when the body stayed silent for 5 working days (<see cref="Deemed"/>).</summary>
public sealed record ReconsiderationAccepted(
    string ReconsiderationId, LocalDate AcceptedOn, bool Deemed, ReconsiderationProcedure Procedure, bool MajorOrComplex,
    LocalDate DecisionDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationRefused(
    string ReconsiderationId, string Reason, LocalDate RefusedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CopySentToRespondent(
    string ReconsiderationId, LocalDate SentOn, LocalDate ReceivedOn, LocalDate ReplyDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record RespondentReplied(
    string ReconsiderationId, LocalDate RepliedOn, string ReplySha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>No reply and evidence within the period (Art. 48): the act is treated as having no evidence (Art. 70).</summary>
public sealed record RespondentReplyMissed(
    string ReconsiderationId, LocalDate DueOn, LocalDate RecordedOn, LocalDate? LateReplyOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationInvestigated(
    string ReconsiderationId, string Description, LocalDate InvestigatedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationHearingScheduled(
    string ReconsiderationId, LocalDate HearingOn, LocalDate NoticeServedOn, string PresiderId, IReadOnlyList<string> Members, string? Place,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The hearing; an applicant who does not appear waives it (Art. 51).</summary>
public sealed record ReconsiderationHearingHeld(
    string ReconsiderationId, LocalDate HeldOn, bool ApplicantAppeared, bool RespondentHeadAttended, string? TranscriptSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationSuspended(
    string ReconsiderationId, string Ground, LocalDate SuspendedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationResumed(
    string ReconsiderationId, LocalDate ResumedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationExtended(
    string ReconsiderationId, int Days, string ApprovedBy, string Reason, LocalDate ExtendedOn, LocalDate DecisionDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ConvertedToGeneralProcedure(
    string ReconsiderationId, string Reason, LocalDate ConvertedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Mediation (Art. 73): a signed and sealed agreement ends the case; a failed one leaves it to the decision.</summary>
public sealed record ReconsiderationMediated(
    string ReconsiderationId, bool Agreed, LocalDate MediatedOn, string? AgreementSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Withdrawal, after a settlement or not; no reapplication on the same facts (Art. 74).</summary>
public sealed record ReconsiderationWithdrawn(
    string ReconsiderationId, string Reason, bool Settlement, LocalDate WithdrawnOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationDecided(
    string ReconsiderationId, string CaseId, string DecisionNumber, ReconsiderationDecisionType Type, IReadOnlyList<DecisionGround> Grounds,
    IReadOnlyList<PenaltyTerm> NewPenalties, bool ThirdPartyRequested, bool OrderNewAct, bool WithoutRespondentEvidence,
    string Reasons, string DecidedBy, LocalDate DecidedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The decision takes effect on service (Art. 75); the 15-day litigation period runs from here (行政诉讼法 Art. 45).</summary>
public sealed record ReconsiderationDecisionServed(
    string ReconsiderationId, LocalDate ServedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record ReconsiderationSuspension(LocalDate From, LocalDate? To, string Ground);

/// <summary>An investigation of the reconsideration: when, and what was investigated.</summary>
public sealed record InvestigationRecorded(LocalDate On, string Description);

/// <summary>A reconsideration as its events made it. Built by <see cref="ReconsiderationCase.Evolve"/> only.</summary>
public sealed record ReconsiderationState(ReconsiderationApplied Application)
{
    public string Id => Application.ReconsiderationId;
    public string CaseId => Application.Contested.CaseId;
    public CorrectionRequested? Correction { get; init; }
    public CorrectionSubmitted? CorrectionSubmission { get; init; }
    public ReconsiderationAccepted? Acceptance { get; init; }
    public ReconsiderationRefused? Refusal { get; init; }
    public CopySentToRespondent? Copy { get; init; }
    public RespondentReplied? Reply { get; init; }
    public RespondentReplyMissed? ReplyMissed { get; init; }
    /// <summary>
    /// Which investigations were recorded, only as far as deciding needs them (the same one recorded again appends nothing);
    /// the signatures and documents stay in the events, so the state does not grow with them at every command.
    /// </summary>
    public IReadOnlyList<InvestigationRecorded> Investigations { get; init; } = [];
    public ReconsiderationHearingScheduled? HearingSchedule { get; init; }
    public ReconsiderationHearingHeld? Hearing { get; init; }
    public IReadOnlyList<ReconsiderationSuspension> Suspensions { get; init; } = [];
    public ReconsiderationExtended? Extension { get; init; }
    public ConvertedToGeneralProcedure? Conversion { get; init; }
    public IReadOnlyList<ReconsiderationMediated> Mediations { get; init; } = [];
    public ReconsiderationWithdrawn? Withdrawal { get; init; }
    public ReconsiderationDecided? Decision { get; init; }
    public ReconsiderationDecisionServed? Service { get; init; }

    public ReconsiderationProcedure Procedure =>
        Conversion is null ? Acceptance?.Procedure ?? ReconsiderationProcedure.General : ReconsiderationProcedure.General;

    public bool IsSuspended => Suspensions.Count > 0 && Suspensions[^1].To is null;

    public ReconsiderationMediated? Settlement => Mediations.FirstOrDefault(m => m.Agreed);

    /// <summary>The day the proceeding ended: refused, withdrawn, settled by mediation or decided.</summary>
    public LocalDate? EndedOn => Refusal?.RefusedOn ?? Withdrawal?.WithdrawnOn ?? Settlement?.MediatedOn ?? Decision?.DecidedOn;

    internal ReconsiderationState Apply(object @event) => @event switch
    {
        CorrectionRequested e => this with { Correction = e },
        CorrectionSubmitted e => this with { CorrectionSubmission = e },
        ReconsiderationAccepted e => this with { Acceptance = e },
        ReconsiderationRefused e => this with { Refusal = e },
        CopySentToRespondent e => this with { Copy = e },
        RespondentReplied e => this with { Reply = e },
        RespondentReplyMissed e => this with { ReplyMissed = e },
        ReconsiderationInvestigated e => this with { Investigations = [.. Investigations, new InvestigationRecorded(e.InvestigatedOn, e.Description)] },
        ReconsiderationHearingScheduled e => this with { HearingSchedule = e },
        ReconsiderationHearingHeld e => this with { Hearing = e },
        ReconsiderationSuspended e => this with { Suspensions = [.. Suspensions, new ReconsiderationSuspension(e.SuspendedOn, null, e.Ground)] },
        ReconsiderationResumed e when IsSuspended => this with { Suspensions = [.. Suspensions.SkipLast(1), Suspensions[^1] with { To = e.ResumedOn }] },
        ReconsiderationExtended e => this with { Extension = e },
        ConvertedToGeneralProcedure e => this with { Conversion = e },
        ReconsiderationMediated e => this with { Mediations = [.. Mediations, e] },
        ReconsiderationWithdrawn e => this with { Withdrawal = e },
        ReconsiderationDecided e => this with { Decision = e },
        ReconsiderationDecisionServed e => this with { Service = e },
        _ => this,
    };
}
