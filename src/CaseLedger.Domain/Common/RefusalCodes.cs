namespace CaseLedger.Domain;

/// <summary>The stable refusal codes of domain.md §8 and design.md: one place, shared by HTTP, CLI and audit.</summary>
public static class RefusalCodes
{
    // Common (§8.4, design.md)
    public const string ValidationFailed = "validation-failed";
    public const string Unauthenticated = "unauthenticated";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not-found";
    public const string ConcurrencyConflict = "concurrency-conflict";
    public const string AlreadyExists = "already-exists";
    public const string IdempotencyKeyReused = "idempotency-key-reused";
    public const string OfficerNotCertified = "officer-not-certified";
    public const string OfficerRecused = "officer-recused";
    public const string DateOutOfOrder = "date-out-of-order";
    public const string CaseClosed = "case-closed";
    public const string WrongStage = "wrong-stage";

    // Penalty case (§8.2)
    public const string LimitationExpired = "limitation-expired";
    public const string TwoOfficersRequired = "two-officers-required";
    public const string MediaRecordRequired = "media-record-required";
    public const string PreservationDecisionLate = "preservation-decision-late";
    public const string ExtensionNotAllowed = "extension-not-allowed";
    public const string HearingNotAvailable = "hearing-not-available";
    public const string HearingRequestLate = "hearing-request-late";
    public const string HearingNoticeTooShort = "hearing-notice-too-short";
    public const string PresiderIsInvestigator = "presider-is-investigator";
    public const string ReviewerNotQualified = "reviewer-not-qualified";
    public const string ReviewerIsInvestigator = "reviewer-is-investigator";
    public const string PenaltyNoticeRequired = "penalty-notice-required";
    public const string DefencePeriodOpen = "defence-period-open";
    public const string HearingPending = "hearing-pending";
    public const string LegalReviewRequired = "legal-review-required";
    public const string LegalReviewFailed = "legal-review-failed";
    public const string CollectiveDiscussionRequired = "collective-discussion-required";
    public const string DiscretionReasonRequired = "discretion-reason-required";
    public const string HeavierThanNotice = "heavier-than-notice";
    public const string DecisionDeadlinePassed = "decision-deadline-passed";
    public const string ElectronicServiceWithoutConsent = "electronic-service-without-consent";
    public const string ReminderPeriodOpen = "reminder-period-open";
    public const string RemedyPeriodOpen = "remedy-period-open";
    public const string EnforcementApplicationLate = "enforcement-application-late";
    public const string CaseNotClosable = "case-not-closable";
    public const string SimplifiedProcedureNotAllowed = "simplified-procedure-not-allowed";
    public const string FastTrackNotAllowed = "fast-track-not-allowed";
    public const string OneFinePerAct = "one-fine-per-act";
    public const string HeavierNoticeWithoutNewFacts = "heavier-notice-without-new-facts";
    public const string StatementNotRecorded = "statement-not-recorded";

    // Reconsideration, litigation, petitions (§8.3)
    public const string ApplicationLate = "application-late";
    public const string ExtensionExhausted = "extension-exhausted";
    public const string ReformatioInPeius = "reformatio-in-peius";
    public const string ReviewRequestLate = "review-request-late";
    public const string PetitionClosed = "petition-closed";
    public const string HearingRequired = "hearing-required";
    public const string NoRespondentEvidence = "no-respondent-evidence";
    public const string AppearanceRequired = "appearance-required";
    public const string LossReportRequired = "loss-report-required";
    public const string AppealPeriodOpen = "appeal-period-open";

    // Supervision matters (§9, 山东省行政执法监督条例)
    public const string NotSupervisingOrgan = "not-supervising-organ";
    public const string SelfCorrectionPeriodOpen = "self-correction-period-open";
    public const string CorrectedByAgency = "corrected-by-agency";
    public const string SupervisionDecisionGrounds = "supervision-decision-grounds";

    // Case-file review campaigns (§9, 山东省行政执法监督条例 Art. 14)
    public const string ReviewerFromReviewedAgency = "reviewer-from-reviewed-agency";
    public const string ReviewerNotAssigned = "reviewer-not-assigned";
    public const string FileNotInSample = "file-not-in-sample";
    public const string ChecklistItemPrefilled = "checklist-item-prefilled";
    public const string FileWithoutDefects = "file-without-defects";

    // Regions (a database per region, docs/operations.md §6)
    public const string CrossRegionLink = "cross-region-link";

    // Published lists (§9, 山东省行政执法监督条例 Arts. 9, 12, 15)
    public const string DiscretionItemUnknown = "discretion-item-unknown";
    public const string DiscretionOutOfRange = "discretion-out-of-range";

    // Officers' qualification cycle (§9, 山东省行政执法监督条例 Arts. 10, 11)
    public const string ExaminationRequired = "examination-required";
    public const string TrainingHoursInsufficient = "training-hours-insufficient";
    public const string CertificateNotAllowed = "certificate-not-allowed";

    // Disputes between agencies (§9, 山东省行政执法监督条例 Art. 18)
    public const string DisputeAgreed = "dispute-agreed";
    public const string BoundByDispute = "bound-by-dispute";

    // Third-party assessments (§9, 山东省行政执法监督条例 Art. 16)
    public const string AssessmentAlreadyRecorded = "assessment-already-recorded";
    public const string AssessmentPeriodNotOver = "assessment-period-not-over";
}
