namespace CaseLedger.Domain.Penalty;

/// <summary>Where a case stands, in the order of the procedure, for summaries, queues and figures.</summary>
public enum CaseStage
{
    Lead,
    Investigation,
    Suspended,
    Concluded,
    Notified,
    Hearing,
    LegalReview,
    Decided,
    Served,
    Referred,
    Closed,
    Archived,
}

public static partial class PenaltyCase
{
    public static CaseStage StageOf(PenaltyCaseState s) =>
        s.Archive is not null ? CaseStage.Archived
        : s.Closure is not null ? CaseStage.Closed
        : s.Referral is not null && s.Decision is null ? CaseStage.Referred
        : s.Service is not null || s.OnTheSpot is not null ? CaseStage.Served
        : s.Decision is not null ? CaseStage.Decided
        : s.IsSuspended ? CaseStage.Suspended
        : s.ReviewRequest is not null || s.Review is not null ? CaseStage.LegalReview
        : s.HearingRequest is not null && s.Hearing is null && s.HearingWaiver is null ? CaseStage.Hearing
        : s.Notice is not null ? CaseStage.Notified
        : s.Conclusion is not null ? CaseStage.Concluded
        : s.Filing is not null ? CaseStage.Investigation
        : CaseStage.Lead;
}
