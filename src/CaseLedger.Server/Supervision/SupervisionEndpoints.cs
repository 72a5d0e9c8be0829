using CaseLedger.Calendar;
using CaseLedger.Domain;
using CaseLedger.Hosting;
using CaseLedger.Json;
using CaseLedger.Server.Cases;
using CaseLedger.Server.Http;
using CaseLedger.Supervision;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NodaTime;

namespace CaseLedger.Server.Supervision;

/// <summary>
/// What supervisors see over HTTP: a case's audit trail and its state as of any moment, the deadline board across cases,
/// the review queues and each agency's figures. Each endpoint reads its query string and answers what the engine's query
/// (src/CaseLedger/Supervision) answers for the actor's scope (<see cref="Authorization.ListScope"/>): the CLI and the
/// console ask the same queries.
/// </summary>
public static class SupervisionEndpoints
{
    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Supervision");
        cases.MapGet("{caseId}/audit-trail", AuditTrailAsync).Produces<CaseAuditTrail>();
        cases.MapGet("{caseId}/state", StateAsync).Produces<CaseSummary>().AddOpenApiOperationTransformer(QueryParameters.Replay);
        app.MapGet("/api/deadlines", DeadlinesAsync).WithTags("Supervision").Produces<DeadlineBoardPage>().ListsManyCases()
            .AddOpenApiOperationTransformer(QueryParameters.Board);
        app.MapGet("/api/queues/{queue}", QueueAsync).WithTags("Supervision").Produces<ReviewQueuePage>().ListsManyCases()
            .AddOpenApiOperationTransformer(QueryParameters.Queue);
        app.MapGet("/api/agencies/{agencyId}/figures", FiguresAsync).WithTags("Supervision").Produces<AgencyFigures>().ListsManyCases();
        app.MapGet("/api/agencies/{agencyId}/figures/trend", TrendAsync).WithTags("Supervision").Produces<AgencyTrend>().ListsManyCases()
            .AddOpenApiOperationTransformer(QueryParameters.Trend);
        app.MapGet("/api/agencies/{agencyId}/assessment", AssessmentAsync).WithTags("Supervision").Produces<AgencyAssessment>().ListsManyCases()
            .AddOpenApiOperationTransformer(QueryParameters.Assessment);
        app.MapGet("/api/officers/{officerId}/assessment", OfficerAssessmentAsync).WithTags("Supervision").Produces<OfficerAssessment>().ListsManyCases()
            .AddOpenApiOperationTransformer(QueryParameters.Assessment);
        return app;
    }

    private static ReadScope Reader(HttpContext context) => Authorization.ListScope(context.Actor());

    private static IResult Answer<T>(Answer<T> answer, HttpContext context) where T : class =>
        answer.Refusal is { } refused ? Problems.Of(refused, context.Request.Path) : Results.Json(answer.Value, CaseLedgerJson.Responses);

    // One case is read as the primary has it (read-your-writes); lists over many cases may lag with the read replica (ReadSide).
    private static async Task<IResult> AuditTrailAsync(string caseId, ReadSide reads, HttpContext context)
    {
        await using var session = await reads.CurrentAsync(caseId, context.RequestAborted);
        return Answer(await AuditTrail.ReadAsync(session, Reader(context), caseId, context.RequestAborted), context);
    }

    private static async Task<IResult> StateAsync(string caseId, ReadSide reads, CalendarService calendar, HttpContext context)
    {
        var (asOf, badAsOf) = context.InstantQuery("asOf");
        var (version, badVersion) = context.IntQuery("version", 1, int.MaxValue);
        if ((badAsOf ?? badVersion) is { } bad) return bad;
        await using var session = await reads.CurrentAsync(caseId, context.RequestAborted);
        var answer = await Replay.ReadAsync(session, Reader(context), caseId, asOf, version, context.RequestAborted);
        return answer.Value is not { } replayed
            ? Problems.Of(answer.Refusal!, context.Request.Path)
            : Results.Json(CaseEndpoints.Summary(replayed.Version, replayed.State, calendar.Current, replayed.Today), CaseLedgerJson.Responses);
    }

    // With regions, a list reads every region's database the filter may cover and merges them (ReadSide.LaggingEverywhere).
    private static async Task<IResult> DeadlinesAsync(ReadSide reads, IClock clock, HttpContext context)
    {
        await using var sessions = reads.LaggingEverywhere(Text(context, "agency"));
        var (within, badWithin) = context.IntQuery("within", 0, DeadlineBoardFilter.MaxWithin);
        var (limit, offset, badPage) = Page(context);
        if ((badWithin ?? badPage) is { } problem) return problem;
        var filter = new DeadlineBoardFilter(
            Text(context, "agency"), Text(context, "kind"), Text(context, "status") ?? DeadlineBoardFilter.Open, within, offset, limit);
        return Answer(await DeadlineBoardQuery.ReadAsync(sessions.All, Reader(context), filter, AgencyZone.Today(clock.GetCurrentInstant()), context.RequestAborted), context);
    }

    private static async Task<IResult> QueueAsync(string queue, ReadSide reads, IClock clock, HttpContext context)
    {
        await using var sessions = reads.LaggingEverywhere(Text(context, "agency"));
        var (limit, offset, badPage) = Page(context);
        if (badPage is not null && ReviewQueues.All.Contains(queue)) return badPage;
        var filter = new ReviewQueueFilter(queue, Text(context, "agency"), offset, limit);
        return Answer(await ReviewQueueQuery.ReadAsync(sessions.All, Reader(context), filter, AgencyZone.Today(clock.GetCurrentInstant()), context.RequestAborted), context);
    }

    private static async Task<IResult> FiguresAsync(string agencyId, ReadSide reads, AgencyFiguresQuery figures, IClock clock, HttpContext context)
    {
        await using var session = reads.Lagging();
        return Answer(await figures.ReadAsync(session, Reader(context), agencyId, AgencyZone.Today(clock.GetCurrentInstant()), context.RequestAborted), context);
    }

    private static async Task<IResult> TrendAsync(string agencyId, ReadSide reads, AgencyFiguresQuery figures, IClock clock, HttpContext context)
    {
        var (months, badMonths) = context.IntQuery("months", 1, AgencyFiguresQuery.MaxMonths);
        if (badMonths is not null) return badMonths;
        await using var session = reads.Lagging();
        return Answer(await figures.ReadTrendAsync(session, Reader(context), agencyId, AgencyZone.Today(clock.GetCurrentInstant()),
            months ?? AgencyFiguresQuery.DefaultMonths, context.RequestAborted), context);
    }

    /// <summary>评议考核 (山东省行政执法监督条例 Art. 16): the agency's figures and review scores over whole months.</summary>
    private static async Task<IResult> AssessmentAsync(string agencyId, ReadSide reads, AgencyAssessmentQuery assessments, HttpContext context)
    {
        await using var session = reads.Lagging();
        return Answer(await assessments.ReadAsync(session, Reader(context), agencyId,
            (Text(context, "from"), Text(context, "to"), Text(context, "year"), Text(context, "quarter")), context.RequestAborted), context);
    }

    /// <summary>评议考核 of an officer (Art. 16): their cases' figures, corrections, review scores and third parties' assessments, read as the register is.</summary>
    private static async Task<IResult> OfficerAssessmentAsync(string officerId, ReadSide reads, HttpContext context)
    {
        await using var session = reads.Lagging();
        var agency = await session.LoadAsync<CaseLedger.Domain.Officers.Officer>(officerId, context.RequestAborted) is { } officer ? officer.AgencyId : null;
        await using var cases = reads.LaggingEverywhere(agency);
        return Answer(await OfficerAssessmentQuery.ReadAsync(session, cases.All, Reader(context), officerId,
            (Text(context, "from"), Text(context, "to"), Text(context, "year"), Text(context, "quarter")), context.RequestAborted), context);
    }

    private static string? Text(HttpContext context, string name) => context.Request.Query[name].ToString() is { Length: > 0 } text ? text : null;

    private static (int Limit, int Offset, IResult? Problem) Page(HttpContext context)
    {
        var (limit, badLimit) = context.IntQuery("limit", 1, Paging.MaxLimit);
        var (offset, badOffset) = context.IntQuery("offset", 0, int.MaxValue);
        return (limit ?? Paging.DefaultLimit, offset ?? 0, badLimit ?? badOffset);
    }
}
