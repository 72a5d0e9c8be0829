using NodaTime;

namespace CaseLedger.Domain.SupervisionMatters;

// Events of a supervision matter (山东省行政执法监督条例). Every event carries the matter's id, the business date (...On), the
// supervision staff or agency staff who acted, the SHA-256 of the documents the step produced, and who recorded it.

/// <summary>How the matter started (Arts. 6, 20–21).</summary>
/// <remarks><see cref="CaseFileReview"/>: a file's defects found in a case-file review campaign (Art. 14), whose id the opening names.</remarks>
public enum SupervisionSource { Complaint, Report, PlanItem, RoutineCheck, SpecialCheck, ComprehensiveCheck, SpotCheck, CaseFileReview }

/// <summary>The investigation methods of Arts. 23 and 25.</summary>
public enum InvestigationMethod { ReadFiles, Interview, SiteInspection, Recording, Sampling, Appraisal, Hearing, ExpertPanel }

/// <summary>The decisions of Arts. 30–34.</summary>
public enum SupervisionDecisionType { OrderPerformance, OrderCorrection, Revoke, ConfirmIllegal, ConfirmVoid }

/// <summary>The grounds the decision types rest on (Arts. 30–34); each type accepts only its own.</summary>
public enum SupervisionGround
{
    DutyNotPerformed,
    ReasonsMissing,
    WordingOrCalculationError,
    DateMissing,
    MainFactsUnclear,
    WrongBasis,
    IllegalProcedure,
    ExceedingPower,
    AbuseOfPower,
    ClearlyImproper,
    NothingToRevoke,
    RevocationHarmsPublicInterest,
    NoLegalBasis,
    NoValidSeal,
    NoEnforceableContent,
}

/// <summary>What the agency did against the supervision (Arts. 35–38).</summary>
public enum NonComplianceKind { RefusedDecision, ReportMissed, HinderedSupervision }

public sealed record SupervisionMatterOpened(
    string MatterId, SupervisionSource Source, string Subject, string Body, string AgencyId, string? CaseId, string? Complainant, string? PlanItem,
    LocalDate OpenedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy, string? ReviewCampaignId = null);

public sealed record SupervisionInvestigated(
    string MatterId, InvestigationMethod Method, string Description, LocalDate InvestigatedOn, string RecordSha256, IReadOnlyList<string> MediaSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record SupervisionTalkHeld(
    string MatterId, IReadOnlyList<string> Leaders, string Reason, LocalDate HeldOn, string RecordSha256,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record SupervisionOpinionIssued(
    string MatterId, string OpinionNumber, IReadOnlyList<string> Findings, LocalDate IssuedOn, LocalDate ReceivedOn, LocalDate CorrectionDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The agency's correction; <see cref="Late"/> when recorded after its 30 days (Art. 28).</summary>
public sealed record SelfCorrectionRecorded(
    string MatterId, string Description, LocalDate CorrectedOn, bool Late,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record SupervisionDecided(
    string MatterId, string? CaseId, string DecisionNumber, SupervisionDecisionType Type, IReadOnlyList<SupervisionGround> Grounds,
    string Reasons, string DecidedBy, LocalDate DecidedOn, LocalDate ReceivedOn, LocalDate? PerformBy, LocalDate ReportDueOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>The agency's execution report; <see cref="Late"/> when recorded after its 30 days (Art. 29).</summary>
public sealed record SupervisionExecutionReported(
    string MatterId, string Description, LocalDate ReportedOn, bool Late,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record NonComplianceRecorded(
    string MatterId, string AgencyId, NonComplianceKind Kind, string Description, LocalDate RecordedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record SupervisionMatterClosed(
    string MatterId, string Conclusion, LocalDate ClosedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>An investigation step or talk as deciding needs it: what and when (the records stay in the events).</summary>
public sealed record SupervisionStepRecorded(string What, LocalDate On);

/// <summary>A supervision matter as its events made it. Built by <see cref="SupervisionMatter.Evolve"/> only.</summary>
public sealed record SupervisionMatterState(SupervisionMatterOpened Opening)
{
    public string Id => Opening.MatterId;
    public string? CaseId => Opening.CaseId;
    /// <summary>The supervised agency.</summary>
    public string AgencyId => Opening.AgencyId;
    /// <summary>The supervising organ.</summary>
    public string Body => Opening.Body;
    public IReadOnlyList<SupervisionStepRecorded> Steps { get; init; } = [];
    public SupervisionOpinionIssued? Opinion { get; init; }
    public SelfCorrectionRecorded? Correction { get; init; }
    public SupervisionDecided? Decision { get; init; }
    public SupervisionExecutionReported? Report { get; init; }
    public IReadOnlyList<NonComplianceRecorded> NonCompliances { get; init; } = [];
    public SupervisionMatterClosed? Closure { get; init; }

    internal SupervisionMatterState Apply(object @event) => @event switch
    {
        SupervisionInvestigated e => this with { Steps = [.. Steps, new($"investigation:{e.Method}:{e.RecordSha256}", e.InvestigatedOn)] },
        SupervisionTalkHeld e => this with { Steps = [.. Steps, new($"talk:{e.RecordSha256}", e.HeldOn)] },
        SupervisionOpinionIssued e => this with { Opinion = e },
        SelfCorrectionRecorded e => this with { Correction = e },
        SupervisionDecided e => this with { Decision = e },
        SupervisionExecutionReported e => this with { Report = e },
        NonComplianceRecorded e => this with { NonCompliances = [.. NonCompliances, e] },
        SupervisionMatterClosed e => this with { Closure = e },
        _ => this,
    };
}
