using CaseLedger.CaseFileReviews;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Server.Remedies;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CaseLedger.Server.CaseFileReviews;

/// <summary>The answer to opening a review campaign: its id, version and events (the sample drawn is in the first).</summary>
public sealed record ReviewCampaignStarted(string CampaignId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>
/// Case-file review campaigns over HTTP (案卷评查, 山东省行政执法监督条例 Art. 14): <c>POST /api/review-campaigns</c> and its
/// commands through the same pipeline as every proceeding; <c>GET /api/review-campaigns/{id}</c> the campaign and
/// <c>GET /api/review-campaigns/{id}/results</c> its results per agency and officer, read by the organ and the reviewed agencies.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapCaseFileReviews(this IEndpointRouteBuilder app)
    {
        RemedyEndpoints.Map<ReviewCampaignFile>(app, "review-campaigns", "a case-file review campaign", "campaignId", "open", ReviewCampaign.Commands,
            (file, _, _) => file.State is { } s ? Summary(file.Version, s) : null,
            (file, _, _) => Task.FromResult(Readers(file)));
        app.MapGet("/api/review-campaigns/{id}/results", async (string id, IQuerySession session, HttpContext context) =>
        {
            var file = StreamKeys.IsCaseId(id) ? await session.LoadAsync<ReviewCampaignFile>(id, context.RequestAborted) : null;
            if (file?.State is not { } s) return Problems.Of(RefusalCodes.NotFound, $"'{id}' is not a known review campaign id.", context.Request.Path);
            return context.MayReadAny(Readers(file), "this review campaign") ?? Results.Json(ReviewResults.Of(s), CaseLedgerJson.Responses);
        }).WithTags("review-campaigns").WithName("reviewCampaignResults").WithSummary("A review campaign's results per agency and officer")
            .Produces<ReviewResults>();
        return app;
    }

    /// <summary>The organ and the reviewed agencies read a campaign.</summary>
    private static IEnumerable<string> Readers(ReviewCampaignFile file) => file.State is { } s ? [s.Body, .. s.Opening.Agencies] : [];

    private static object Summary(long version, ReviewCampaignState s) => new
    {
        campaignId = s.Id,
        version,
        stage = ReviewCampaign.StageOf(s),
        title = s.Opening.Title,
        body = s.Body,
        agencies = s.Opening.Agencies,
        periodFrom = s.Opening.PeriodFrom,
        periodTo = s.Opening.PeriodTo,
        seed = s.Opening.Seed,
        candidateCount = s.Opening.CandidateCount,
        files = s.Opening.Files.Select(f => new { f.CaseId, f.CaseNumber, f.AgencyId, f.DecidedOn, score = s.ScoreOf(f.CaseId)?.Score }),
        reviewers = s.Reviewers,
        scored = s.Scored.Count,
        closure = s.Closure,
    };
}
