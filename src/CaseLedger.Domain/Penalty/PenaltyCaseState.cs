using CaseLedger.Domain.Agencies;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

// Events of a penalty stream and its write model. Every event carries the case id, the business date
// (...On), the officers with the certificate each held that day, the SHA-256 of the documents and
// recordings the step produced, and who recorded it. The store adds the recording instant.

public sealed record LeadRegistered(
    string CaseId, string AgencyId, string AgencyDomain, Procedure Procedure, Party Party, Violation Violation,
    string? Source, LocalDate DiscoveredOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The case is filed; it keeps the agency policy in force on the filing date and the law version pinned by the act date.</summary>
public sealed record CaseFiled(
    string CaseId, string CaseNumber, LocalDate FiledOn, string ApprovedBy, string LeadOfficer,
    AgencyPolicy Policy, string LawVersion,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record EvidenceCollected(
    string CaseId, string EvidenceId, EvidenceKind Kind, string Description, CoerciveMeasure? Measure,
    LocalDate CollectedOn, string? MediaSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record EvidencePreserved(
    string CaseId, string PreservationId, string Description, string ApprovedBy, LocalDate PreservedOn,
    LocalDate DecisionDueOn, string MediaSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PreservedEvidenceDecided(
    string CaseId, string PreservationId, PreservedEvidenceHandling Handling, string DecidedBy, LocalDate DecidedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record RecusalApplied(
    string CaseId, string OfficerId, RecusalApplicant AppliedBy, string Reason, LocalDate AppliedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record RecusalDecided(
    string CaseId, string OfficerId, bool Granted, string DecidedBy, string? Reason, LocalDate DecidedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CaseSuspended(
    string CaseId, string Reason, string ApprovedBy, LocalDate SuspendedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CaseResumed(
    string CaseId, string ApprovedBy, LocalDate ResumedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>An extension of the decision limit; one approved after the limit passed carries the limit (<see cref="DueOn"/>) and the reason for the delay.</summary>
public sealed record DecisionDeadlineExtended(
    string CaseId, int Days, string ApprovedBy, string Reason, LocalDate ExtendedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy,
    string? LateReason = null, LocalDate? DueOn = null);

public sealed record InvestigationConcluded(
    string CaseId, InvestigationOutcome Outcome, IReadOnlyList<PenaltyTerm> ProposedPenalties, Discretion? Discretion,
    bool Major, bool Complex, LocalDate ConcludedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>Art. 44 notice; <see cref="HearingRightStated"/> when the Art. 63 trigger of the case's policy applies.</summary>
public sealed record PenaltyNoticeServed(
    string CaseId, IReadOnlyList<PenaltyTerm> ProposedPenalties, bool HearingRightStated, ServiceMethod Method,
    LocalDate ServedOn, LocalDate? HearingRequestDueOn, LocalDate DefenceDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record StatementRecorded(
    string CaseId, IReadOnlyList<StatementPoint> Points, LocalDate SubmittedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record RightsWaived(
    string CaseId, LocalDate WaivedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record HearingRequested(
    string CaseId, LocalDate RequestedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record HearingScheduled(
    string CaseId, LocalDate HearingOn, string PresiderId, LocalDate NoticeServedOn, string? Place,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record HearingHeld(
    string CaseId, LocalDate HeldOn, string PresiderId, string TranscriptSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record HearingWaived(
    string CaseId, LocalDate WaivedOn, string Reason,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record LegalReviewRequested(
    string CaseId, LocalDate RequestedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record LegalReviewPassed(
    string CaseId, string ReviewerId, string Opinion, LocalDate ReviewedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record LegalReviewFailed(
    string CaseId, string ReviewerId, string Opinion, LocalDate ReviewedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CollectiveDiscussionHeld(
    string CaseId, IReadOnlyList<string> Participants, string Resolution, string MinutesSha256, LocalDate HeldOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>
/// The decision; it cites the hearing record when the case went through a hearing (Art. 65). A decision past the limit
/// carries the limit it missed (<see cref="DueOn"/>) and the stated reason (<see cref="LateReason"/>): recorded, and audited
/// as a finding, because only a reviewer or a court judges the delay (domain.md §6).
/// </summary>
public sealed record DecisionMade(
    string CaseId, string DecisionNumber, InvestigationOutcome Outcome, IReadOnlyList<PenaltyTerm> Penalties,
    Discretion? Discretion, string DecidedBy, LocalDate DecidedOn, string? HearingRecordSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy,
    string? LateReason = null, LocalDate? DueOn = null);

public sealed record DecisionServed(
    string CaseId, ServiceMethod Method, LocalDate ServedOn, string? ElectronicConsentSha256, LocalDate? PaymentDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record DecisionPublished(
    string CaseId, string Channel, LocalDate PublishedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PublicationWithdrawn(
    string CaseId, string Reason, LocalDate WithdrawnOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>A payment with the late fee of Art. 72 computed up to the payment date.</summary>
public sealed record PaymentRecorded(
    string CaseId, decimal Amount, string ReceiptNumber, LocalDate PaidOn,
    decimal Fine, LocalDate DueOn, int LateFeeDays, decimal LateFee, decimal PaidToDate, decimal Outstanding,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PaymentDeferred(
    string CaseId, LocalDate DeferredTo, string Reason, string ApprovedBy, LocalDate ApprovedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record InstalmentsApproved(
    string CaseId, IReadOnlyList<Instalment> Schedule, string ApprovedBy, LocalDate ApprovedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record PaymentReminderServed(
    string CaseId, LocalDate ServedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CourtEnforcementApplied(
    string CaseId, string Court, LocalDate AppliedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CaseReferred(
    string CaseId, string Authority, LocalDate ReferredOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The judiciary answered the referral of <see cref="ReferredOn"/>; declined or returned, the case resumes (I13).</summary>
public sealed record ReferralAnswered(
    string CaseId, ReferralOutcome Outcome, string Authority, LocalDate ReferredOn, LocalDate AnsweredOn, string? Reason,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CaseClosed(
    string CaseId, string ClosedBy, LocalDate ClosedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CaseArchived(
    string CaseId, string ArchivedBy, LocalDate ArchivedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record OnTheSpotDecisionMade(
    string CaseId, string FormNumber, PenaltyTerm Penalty, Discretion? Discretion, string OfficerId, LocalDate DecidedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record OnTheSpotFineCollected(
    string CaseId, decimal Amount, CollectionGround Ground, string ReceiptNumber, LocalDate CollectedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CashHandedOver(
    string CaseId, decimal Amount, LocalDate HandedOverOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record CopyFiled(
    string CaseId, LocalDate FiledOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record FastTrackConsented(
    string CaseId, string ConsentSha256, Instant ArrivedAt, LocalDate ConsentedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

// Appended by a reconsideration or litigation that touches the decision (domain.md §8.3).

public sealed record DecisionRevoked(string CaseId, string RemedyId, string Reason, LocalDate RevokedOn, string RecordedBy);

public sealed record DecisionChanged(
    string CaseId, string RemedyId, IReadOnlyList<PenaltyTerm> Penalties, string Reason, LocalDate ChangedOn, string RecordedBy);

/// <summary>A remedy confirmed the decision illegal (行政复议法 Art. 65) or void (Art. 67): the publication is withdrawn (Art. 48); a void decision owes nothing.</summary>
public sealed record DecisionConfirmedIllegal(string CaseId, string RemedyId, bool Void, string Reason, LocalDate ConfirmedOn, string RecordedBy);

public sealed record RemedyStarted(string CaseId, RemedyKind Kind, string RemedyId, LocalDate StartedOn, string RecordedBy);

/// <summary>The remedy was finally decided (or ended); <see cref="SuitOpenUntil"/> is the last day a suit may still follow it (行政诉讼法 Art. 45).</summary>
public sealed record RemedyEnded(string CaseId, RemedyKind Kind, string RemedyId, LocalDate EndedOn, string RecordedBy, LocalDate? SuitOpenUntil = null);

/// <summary>The outcome of the latest legal review.</summary>
public sealed record LegalReviewResult(bool Passed, string ReviewerId, LocalDate ReviewedOn);

/// <summary>A penalty case as its events made it. Built by <see cref="PenaltyCase.Evolve"/> only.</summary>
public sealed record PenaltyCaseState(
    string CaseId,
    string AgencyId,
    string AgencyDomain,
    Procedure Procedure,
    Party Party,
    Violation Violation,
    LocalDate DiscoveredOn)
{
    public CaseFiled? Filing { get; init; }
    public IReadOnlyList<string> Investigators { get; init; } = [];
    /// <summary>How many items of evidence were collected: the items themselves stay in the events (the audit trail shows them), so a
    /// case with thousands of them is not carried whole through every command.</summary>
    public int EvidenceCount { get; init; }
    /// <summary>Evidence was collected (or preserved) on or after the latest notice, and recorded after it: new facts (Art. 45(2); I4).</summary>
    public bool EvidenceSinceNotice { get; init; }
    public IReadOnlyList<EvidencePreserved> Preservations { get; init; } = [];
    public IReadOnlyList<PreservedEvidenceDecided> PreservationDecisions { get; init; } = [];
    public IReadOnlyList<RecusalApplied> PendingRecusals { get; init; } = [];
    public IReadOnlyList<string> Recused { get; init; } = [];
    public IReadOnlyList<SuspensionInterval> Suspensions { get; init; } = [];
    public IReadOnlyList<DecisionDeadlineExtended> Extensions { get; init; } = [];
    public InvestigationConcluded? Conclusion { get; init; }
    public PenaltyNoticeServed? Notice { get; init; }
    public IReadOnlyList<StatementRecorded> Statements { get; init; } = [];
    public RightsWaived? Waiver { get; init; }
    public HearingRequested? HearingRequest { get; init; }
    public HearingScheduled? HearingSchedule { get; init; }
    public HearingHeld? Hearing { get; init; }
    public HearingWaived? HearingWaiver { get; init; }
    public LegalReviewRequested? ReviewRequest { get; init; }
    public LegalReviewResult? Review { get; init; }
    public IReadOnlyList<CollectiveDiscussionHeld> Discussions { get; init; } = [];
    public DecisionMade? Decision { get; init; }
    public IReadOnlyList<PenaltyTerm> Penalties { get; init; } = [];
    public DecisionRevoked? Revocation { get; init; }
    public DecisionConfirmedIllegal? ConfirmedIllegal { get; init; }
    /// <summary>The remedies (reconsideration or litigation ids) whose decision was carried onto the case, each once.</summary>
    public IReadOnlyList<string> RemedyDecisions { get; init; } = [];
    public LocalDate? LastChangedOn { get; init; }
    public DecisionServed? Service { get; init; }
    public DecisionPublished? Publication { get; init; }
    public PublicationWithdrawn? Withdrawal { get; init; }
    public IReadOnlyList<PaymentRecorded> Payments { get; init; } = [];
    public PaymentDeferred? Deferral { get; init; }
    public InstalmentsApproved? Instalments { get; init; }
    public PaymentReminderServed? Reminder { get; init; }
    public CourtEnforcementApplied? Enforcement { get; init; }
    public IReadOnlyList<RemedyPeriod> Remedies { get; init; } = [];
    /// <summary>The referral awaiting the judiciary or accepted by it; cleared when it is declined or returned.</summary>
    public CaseReferred? Referral { get; init; }
    public ReferralAnswered? ReferralAnswer { get; init; }
    public CaseClosed? Closure { get; init; }
    public CaseArchived? Archive { get; init; }
    public OnTheSpotDecisionMade? OnTheSpot { get; init; }
    public OnTheSpotFineCollected? Collection { get; init; }
    public CashHandedOver? HandOver { get; init; }
    public CopyFiled? Copy { get; init; }
    public FastTrackConsented? FastTrack { get; init; }
    public IReadOnlyList<DeadlineMissed> MissedDeadlines { get; init; } = [];

    public bool IsSuspended => Suspensions.Count > 0 && Suspensions[^1].To is null;

    /// <summary>The fine in force: the sum of the fines decided (or changed), none once revoked.</summary>
    public decimal Fine =>
        Revocation is not null || ConfirmedIllegal is { Void: true } ? 0m
        : OnTheSpot is not null ? FineOf([OnTheSpot.Penalty])
        : FineOf(Penalties);

    public decimal PaidToDate => Payments.Sum(p => p.Amount);

    public bool PaidInFull => Fine > 0 && Payments.Count > 0 && Payments[^1].Outstanding <= 0;

    internal static decimal FineOf(IEnumerable<PenaltyTerm> penalties) =>
        penalties.Where(p => p.Kind == PenaltyKind.Fine).Sum(p => p.Amount ?? 0m);

    internal static PenaltyCaseState Open(LeadRegistered e) =>
        new(e.CaseId, e.AgencyId, e.AgencyDomain, e.Procedure, e.Party, e.Violation, e.DiscoveredOn);

    internal PenaltyCaseState Apply(object @event) => @event switch
    {
        CaseFiled e => this with { Filing = e, Investigators = Investigating(e.Officers) },
        EvidenceCollected e => this with
        {
            EvidenceCount = EvidenceCount + 1, Investigators = Investigating(e.Officers), EvidenceSinceNotice = EvidenceSinceNotice || After(Notice, e.CollectedOn),
        },
        EvidencePreserved e => this with
        {
            Preservations = [.. Preservations, e], Investigators = Investigating(e.Officers), EvidenceSinceNotice = EvidenceSinceNotice || After(Notice, e.PreservedOn),
        },
        PreservedEvidenceDecided e => this with { PreservationDecisions = [.. PreservationDecisions, e] },
        RecusalApplied e => this with { PendingRecusals = [.. PendingRecusals.Where(r => r.OfficerId != e.OfficerId), e] },
        RecusalDecided e => this with
        {
            PendingRecusals = [.. PendingRecusals.Where(r => r.OfficerId != e.OfficerId)],
            Recused = e.Granted ? [.. Recused.Where(id => id != e.OfficerId), e.OfficerId] : Recused,
        },
        CaseSuspended e => this with { Suspensions = [.. Suspensions, new SuspensionInterval(e.SuspendedOn, null, e.Reason)] },
        CaseResumed e when IsSuspended => this with { Suspensions = [.. Suspensions.SkipLast(1), Suspensions[^1] with { To = e.ResumedOn }] },
        DecisionDeadlineExtended e => this with { Extensions = [.. Extensions, e] },
        InvestigationConcluded e => this with { Conclusion = e, Investigators = Investigating(e.Officers) },
        PenaltyNoticeServed e => this with { Notice = e, EvidenceSinceNotice = false, Waiver = null, HearingRequest = null, HearingSchedule = null, Hearing = null, HearingWaiver = null },
        StatementRecorded e => this with { Statements = [.. Statements, e] },
        RightsWaived e => this with { Waiver = e },
        HearingRequested e => this with { HearingRequest = e },
        HearingScheduled e => this with { HearingSchedule = e },
        // A review before the hearing does not count: review must come after any hearing (Art. 58).
        HearingHeld e => this with { Hearing = e, Review = null, ReviewRequest = null },
        HearingWaived e => this with { HearingWaiver = e },
        LegalReviewRequested e => this with { ReviewRequest = e },
        LegalReviewPassed e => this with { Review = new LegalReviewResult(true, e.ReviewerId, e.ReviewedOn) },
        LegalReviewFailed e => this with { Review = new LegalReviewResult(false, e.ReviewerId, e.ReviewedOn), ReviewRequest = null },
        CollectiveDiscussionHeld e => this with { Discussions = [.. Discussions, e] },
        DecisionMade e => this with { Decision = e, Penalties = e.Penalties },
        DecisionServed e => this with { Service = e },
        DecisionPublished e => this with { Publication = e, Withdrawal = null },
        PublicationWithdrawn e => this with { Withdrawal = e },
        PaymentRecorded e => this with { Payments = [.. Payments, e] },
        PaymentDeferred e => this with { Deferral = e },
        InstalmentsApproved e => this with { Instalments = e },
        PaymentReminderServed e => this with { Reminder = e },
        CourtEnforcementApplied e => this with { Enforcement = e },
        CaseReferred e => this with { Referral = e },
        ReferralAnswered e when e.Outcome == ReferralOutcome.Accepted => this with { ReferralAnswer = e },
        // Declined or returned: the case resumes, and the days it was away are excluded from the decision limit like a suspension.
        ReferralAnswered e => this with
        {
            ReferralAnswer = e,
            Referral = null,
            Suspensions = Decision is null
                ? [.. Suspensions, new SuspensionInterval(e.ReferredOn, e.AnsweredOn, $"referred to {e.Authority}, {Law.Kebab(e.Outcome)}")]
                : Suspensions,
        },
        CaseClosed e => this with { Closure = e },
        CaseArchived e => this with { Archive = e },
        OnTheSpotDecisionMade e => this with { OnTheSpot = e },
        OnTheSpotFineCollected e => this with { Collection = e },
        CashHandedOver e => this with { HandOver = e },
        CopyFiled e => this with { Copy = e },
        FastTrackConsented e => this with { FastTrack = e },
        DeadlineMissed e => this with { MissedDeadlines = [.. MissedDeadlines, e] },
        DecisionRevoked e => this with { Revocation = e, LastChangedOn = e.RevokedOn, RemedyDecisions = [.. RemedyDecisions, e.RemedyId] },
        DecisionChanged e => this with { Penalties = e.Penalties, LastChangedOn = e.ChangedOn, RemedyDecisions = [.. RemedyDecisions, e.RemedyId] },
        DecisionConfirmedIllegal e => this with { ConfirmedIllegal = e, LastChangedOn = e.ConfirmedOn, RemedyDecisions = [.. RemedyDecisions, e.RemedyId] },
        RemedyStarted e => this with { Remedies = [.. Remedies, new RemedyPeriod(e.Kind, e.RemedyId, e.StartedOn, null)] },
        RemedyEnded e => this with
        {
            Remedies = [.. Remedies.Select(r => r.RemedyId == e.RemedyId && r.To is null ? r with { To = e.EndedOn, SuitOpenUntil = e.SuitOpenUntil } : r)],
        },
        _ => this,
    };

    private static bool After(PenaltyNoticeServed? notice, LocalDate collectedOn) => notice is not null && collectedOn >= notice.ServedOn;

    private IReadOnlyList<string> Investigating(IReadOnlyList<OfficerSignature> officers) =>
        [.. Investigators.Union(officers.Where(o => o.Capacity == SignatureCapacity.Officer).Select(o => o.OfficerId))];
}
