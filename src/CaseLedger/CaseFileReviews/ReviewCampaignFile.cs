using CaseLedger.Commands;
using CaseLedger.Domain.CaseFileReviews;

namespace CaseLedger.CaseFileReviews;

/// <summary>The stored form of a case-file review campaign: the domain's state at the stream's version.</summary>
public sealed class ReviewCampaignFile : StateFile<ReviewCampaignState>;

/// <summary>Inline; streams of other kinds get no document. A campaign names no one case: it belongs to its organ.</summary>
public sealed class ReviewCampaignFileProjection()
    : StateFileProjection<ReviewCampaignFile, ReviewCampaignState>(ReviewCampaign.EventTypes, ReviewCampaign.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is ReviewCampaignOpened opened ? (null, opened.RecordedBy) : (null, null);
}
