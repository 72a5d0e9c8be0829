using CaseLedger.CaseFileReviews;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Json;
using CaseLedger.Server.Http;
using CaseLedger.Server.Remedies;
using CaseLedger.Subscriptions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.CaseFileReviews;

/// <summary>The answer to opening a review campaign: its id, version and events (the sample drawn is in the first).</summary>
public sealed record ReviewCampaignStarted(string CampaignId, long Version, IReadOnlyList<RecordedEvent> Events);

/// <summary>A review campaign as its organ and the reviewed agencies see it: the sample (reproducible from its seed), the reviewers, the scores so far.</summary>
/// <param name="CandidateCount">How many decided files the sample was drawn from.</param>
/// <param name="Scored">How many sampled files are scored.</param>
public sealed record ReviewCampaignSummary(string CampaignId, long Version, string Stage, string Title, string Body, IReadOnlyList<string> Agencies,
    LocalDate PeriodFrom, LocalDate PeriodTo, long Seed, int CandidateCount, IReadOnlyList<SampledFileScore> Files,
    IReadOnlyList<AssignedReviewer> Reviewers, int Scored, ReviewCampaignClosed? Closure);

/// <summary>A sampled file and its score once scored.</summary>
public sealed record SampledFileScore(string CaseId, string? CaseNumber, string AgencyId, LocalDate DecidedOn, int? Score);

/// <summary>
/// Case-file review campaigns over HTTP (案卷评查, 山东省行政执法监督条例 Art. 14): <c>POST /api/review-campaigns</c> and its
/// commands through the same pipeline as every proceeding; <c>GET /api/review-campaigns/{id}</c> the campaign and
/// <c>GET /api/review-campaigns/{id}/results</c> its results per agency and officer, read by the organ and the reviewed agencies.
/// </summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapCaseFileReviews(this IEndpointRouteBuilder app)
    {
        RemedyEndpoints.Map<ReviewCampaignFile, ReviewCampaignSummary>(app, "review-campaigns", "a case-file review campaign", "campaignId", "open", ReviewCampaign.Commands,
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

    /// <summary>The organ and the reviewed agencies read a campaign (<see cref="ProceedingAudience"/>, as the feed shows it).</summary>
    private static IEnumerable<string> Readers(ReviewCampaignFile file) => ProceedingAudience.ReadersOf(file);

    private static ReviewCampaignSummary Summary(long version, ReviewCampaignState s) => new(s.Id, version, ReviewCampaign.StageOf(s),
        s.Opening.Title, s.Body, s.Opening.Agencies, s.Opening.PeriodFrom, s.Opening.PeriodTo, s.Opening.Seed, s.Opening.CandidateCount,
        [.. s.Opening.Files.Select(f => new SampledFileScore(f.CaseId, f.CaseNumber, f.AgencyId, f.DecidedOn, s.ScoreOf(f.CaseId)?.Score))],
        s.Reviewers, s.Scored.Count, s.Closure);
}
