using CaseLedger.Commands;
using CaseLedger.Domain.Assessments;

namespace CaseLedger.Assessments;

/// <summary>The stored form of a third-party assessment: the domain's state at the stream's version.</summary>
public sealed class ThirdPartyAssessmentFile : StateFile<ThirdPartyAssessmentState>;

/// <summary>Inline; streams of other kinds get no document. It names no case: it belongs to the office whose staff recorded it.</summary>
public sealed class ThirdPartyAssessmentFileProjection()
    : StateFileProjection<ThirdPartyAssessmentFile, ThirdPartyAssessmentState>(ThirdPartyAssessment.EventTypes, ThirdPartyAssessment.Evolve)
{
    protected override (string? CaseId, string? OfficerId) NamedBy(object first) =>
        first is ThirdPartyAssessmentRecorded recorded ? (null, recorded.RecordedBy) : (null, null);
}
