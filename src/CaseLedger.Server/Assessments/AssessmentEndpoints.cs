using CaseLedger.Assessments;
using CaseLedger.Commands;
using CaseLedger.Domain.Assessments;
using CaseLedger.Server.Remedies;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.Assessments;

/// <summary>The answer to recording a third-party assessment: its id (derived from the agency, officer, period and assessor), version and events.</summary>
public sealed record ThirdPartyAssessmentRecordedAnswer(string AssessmentId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// Assessment (评议考核, 山东省行政执法监督条例 Art. 16) over HTTP besides the agency's (<c>GET /api/agencies/{id}/assessment</c>):
/// <c>POST /api/third-party-assessments</c> (the supervising office's supervision staff record a third party's assessment, through
/// the same pipeline as every proceeding) and <c>GET /api/third-party-assessments/{id}</c>, read by the office and the agency assessed.
/// </summary>
public static class AssessmentEndpoints
{
    public static IEndpointRouteBuilder MapAssessments(this IEndpointRouteBuilder app)
    {
        RemedyEndpoints.Map<ThirdPartyAssessmentFile, ThirdPartyAssessmentRecorded>(app, "third-party-assessments", "a third-party assessment",
            "assessmentId", "record", ThirdPartyAssessment.Commands,
            (file, _, _) => file.State?.Record,
            (file, _, _) => Task.FromResult<IEnumerable<string>>(file.State is { Record: var r } ? [r.Body, r.AgencyId] : []),
            command => command is RecordThirdPartyAssessment c && ThirdPartyAssessment.KeyOf(c) is { } key ? StreamKeys.NameBased(key) : null);
        return app;
    }
}
