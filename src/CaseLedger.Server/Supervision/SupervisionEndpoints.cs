using CaseLedger.Calendar;
using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
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
/// What supervisors see: a case's audit trail and its state as of any moment, the deadline board across
/// cases, the review queues and each agency's figures. Read-only; supervisors, auditors and
/// administrators read everything, an agency's officers their agency's.
/// </summary>
public static class SupervisionEndpoints
{
    private const int DefaultLimit = 100;
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapSupervision(this IEndpointRouteBuilder app)
    {
        var cases = app.MapGroup("/api/cases").WithTags("Supervision");
        cases.MapGet("{caseId}/audit-trail", AuditTrailAsync);
        cases.MapGet("{caseId}/state", StateAsync);
        app.MapGet("/api/deadlines", DeadlinesAsync).WithTags("Supervision");
        app.MapGet("/api/queues/{queue}", QueueAsync).WithTags("Supervision");
        app.MapGet("/api/agencies/{agencyId}/figures", FiguresAsync).WithTags("Supervision");
        return app;
    }

    private static async Task<IResult> AuditTrailAsync(string caseId, IQuerySession session, HttpContext context)
    {
        var events = StreamKeys.IsCaseId(caseId) ? await session.Events.FetchStreamAsync(caseId, token: context.RequestAborted) : [];
        if (Replay.AgencyOf(events) is not { } agency) return Problems.Of(RefusalCodes.NotFound, $"Case '{caseId}' does not exist.", context.Request.Path);
        if (context.MayRead(agency) is { } forbidden) return forbidden;
        var steps = await AuditTrail.ForAsync(session, events, context.RequestAborted);
        return Results.Json(new { caseId, agencyId = agency, version = events[^1].Version, steps }, CaseLedgerJson.Responses);
    }

    private static async Task<IResult> StateAsync(string caseId, IQuerySession session, CalendarService calendar, HttpContext context)
    {
        var (asOf, badAsOf) = context.InstantQuery("asOf");
        var (version, badVersion) = context.IntQuery("version", 1, int.MaxValue);
        if ((badAsOf ?? badVersion) is { } bad) return bad;
        if (asOf is null && version is null)
            return Problems.Of(RefusalCodes.ValidationFailed, "Give asOf (an instant) or version (a stream version); GET /api/cases/{id} is the case now.", context.Request.Path);
        if (asOf is not null && version is not null)
            return Problems.Of(RefusalCodes.ValidationFailed, "Give asOf or version, not both.", context.Request.Path);
        var replayed = StreamKeys.IsCaseId(caseId) ? await Replay.StateAsync(session, caseId, asOf, version, context.RequestAborted) : null;
        if (replayed is null)
            return Problems.Of(RefusalCodes.NotFound, $"Case '{caseId}' had no event at that moment.", context.Request.Path);
        return context.MayRead(replayed.State.AgencyId)
            ?? Results.Json(CaseEndpoints.Summary(replayed.Version, replayed.State, calendar.Current, replayed.Today), CaseLedgerJson.Responses);
    }

    private static async Task<IResult> DeadlinesAsync(IQuerySession session, IClock clock, HttpContext context)
    {
        var status = context.Request.Query["status"].ToString() is { Length: > 0 } asked ? asked : "open";
        if (status is not ("open" or "overdue" or "due-soon" or "met" or "missed" or "lapsed"))
            return Problems.Of(RefusalCodes.ValidationFailed, "status must be open, overdue, due-soon, met, missed or lapsed.", context.Request.Path);
        var kind = context.Request.Query["kind"].ToString() is { Length: > 0 } k ? k : null;
        if (kind is not (null or ProceedingKinds.Penalty or ProceedingKinds.Reconsideration or ProceedingKinds.Litigation or ProceedingKinds.Petition))
            return Problems.Of(RefusalCodes.ValidationFailed, "kind must be penalty, reconsideration, litigation or petition.", context.Request.Path);
        var (agency, forbidden) = context.AgencyScope(context.Request.Query["agency"].ToString());
        var (within, badWithin) = context.IntQuery("within", 0, 366);
        var (limit, offset, badPage) = Page(context);
        if ((forbidden ?? badWithin ?? badPage) is { } problem) return problem;

        var today = AgencyZone.Today(clock.GetCurrentInstant());
        var todayDay = CaseSupervision.Day(today);
        var horizon = today.PlusDays(within ?? 3);
        var horizonDay = CaseSupervision.Day(horizon);

        // Each kind of document is read in the board's order up to the end of the page; the two are merged here.
        // Marten translates the members of the concrete document type, so each gets its own query.
        var enough = offset + limit;
        List<ISupervisedStream> merged = [];
        if (kind is null or ProceedingKinds.Penalty)
        {
            var query = session.Query<CaseSupervision>().AsQueryable();
            if (agency is not null) query = query.Where(x => x.AgencyId == agency);
            query = status switch
            {
                "open" => ByDay(query.Where(x => x.OpenCount > 0), x => x.NextDueDay),
                "overdue" => ByDay(query.Where(x => x.EarliestUnmetDay < todayDay), x => x.EarliestUnmetDay),
                "due-soon" => ByDay(query.Where(x => x.NextDueDay <= horizonDay), x => x.NextDueDay),
                _ => query.OrderBy(x => x.Id),
            };
            merged.AddRange(await query.Take(enough).ToListAsync(context.RequestAborted));

            // One agency's cases are asked for in the order of its index (agency, day, id), which the planner then reads as it
            // stands and stops after the page, whatever its statistics say; they lag behind a bulk load of cases.
            IQueryable<CaseSupervision> ByDay(IQueryable<CaseSupervision> cases, System.Linq.Expressions.Expression<Func<CaseSupervision, int?>> day) =>
                (agency is null ? cases.OrderBy(day) : cases.OrderBy(x => x.AgencyId).ThenBy(day)).ThenBy(x => x.Id);
        }
        if (kind is not ProceedingKinds.Penalty)
        {
            var query = session.Query<RemedySupervision>().AsQueryable();
            if (agency is not null) query = query.Where(x => x.AgencyId == agency || x.BodyId == agency);
            if (kind is not null) query = query.Where(x => x.Kind == kind);
            query = status switch
            {
                "open" => query.Where(x => x.OpenCount > 0).OrderBy(x => x.NextDueDay).ThenBy(x => x.Id),
                "overdue" => query.Where(x => x.EarliestUnmetDay < todayDay).OrderBy(x => x.EarliestUnmetDay).ThenBy(x => x.Id),
                "due-soon" => query.Where(x => x.NextDueDay <= horizonDay).OrderBy(x => x.NextDueDay).ThenBy(x => x.Id),
                _ => query.OrderBy(x => x.Id),
            };
            merged.AddRange(await query.Take(enough).ToListAsync(context.RequestAborted));
        }
        merged = [.. merged.OrderBy(SortDay).ThenBy(x => x.Id, StringComparer.Ordinal)];
        var page = merged.Skip(offset).Take(limit).ToList();

        // The same order as the queries: PostgreSQL puts nulls last.
        int SortDay(ISupervisedStream x) => status switch
        {
            "open" or "due-soon" => x.NextDueDay ?? int.MaxValue,
            "overdue" => x.EarliestUnmetDay ?? int.MaxValue,
            _ => 0,
        };

        bool Fits(ISupervisedStream c, BoardDeadline b)
        {
            var d = b.Deadline;
            var unmet = c.Active && d.MetOn is null;
            return status switch
            {
                "open" => unmet && (b.Paused || d.End >= today),
                "overdue" => unmet && !b.Paused && d.End < today && !b.PartyRight,
                "due-soon" => unmet && !b.Paused && d.End >= today && d.End <= horizon,
                "met" => d.MetOn is { } met && met <= d.End,
                "lapsed" => b.StatusOn(today) == DeadlineStatus.Lapsed,
                _ => b.StatusOn(today) == DeadlineStatus.Missed,
            };
        }

        var rows = page
            .SelectMany(c => c.Deadlines.Where(b => Fits(c, b)).Select(b => Row(c, b, today)))
            .OrderBy(r => r.End).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return Results.Json(new
        {
            today,
            status,
            agency,
            kind,
            within = status == "due-soon" ? within ?? 3 : (int?)null,
            offset,
            limit,
            nextOffset = merged.Count > enough ? enough : (int?)null,
            deadlines = rows,
        }, CaseLedgerJson.Responses);
    }

    private static async Task<IResult> QueueAsync(string queue, IQuerySession session, IClock clock, HttpContext context)
    {
        if (!ReviewQueues.All.Contains(queue))
            return Problems.Of(RefusalCodes.NotFound, $"'{queue}' is not a queue. Known: {string.Join(", ", ReviewQueues.All)}.", context.Request.Path);
        var (agency, forbidden) = context.AgencyScope(context.Request.Query["agency"].ToString());
        var (limit, offset, badPage) = Page(context);
        if ((forbidden ?? badPage) is { } problem) return problem;

        var today = AgencyZone.Today(clock.GetCurrentInstant());
        IReadOnlyList<(ISupervisedStream Stream, object Stage, IReadOnlyList<QueueEntry> Queues)> page;
        if (queue == ReviewQueues.Reconsideration)
        {
            var query = session.Query<RemedySupervision>().Where(x => x.ReconsiderationDueDay != null);
            if (agency is not null) query = query.Where(x => x.AgencyId == agency || x.BodyId == agency);
            page = [.. (await query.OrderBy(x => x.ReconsiderationDueDay).ThenBy(x => x.Id).Skip(offset).Take(limit).ToListAsync(context.RequestAborted))
                .Select(r => ((ISupervisedStream)r, (object)r.Stage, r.Queues))];
        }
        else
        {
            var query = session.Query<CaseSupervision>().AsQueryable();
            if (agency is not null) query = query.Where(x => x.AgencyId == agency);
            query = queue switch
            {
                ReviewQueues.LegalReview => query.Where(x => x.LegalReviewDueDay != null).OrderBy(x => x.LegalReviewDueDay),
                ReviewQueues.CollectiveDiscussion => query.Where(x => x.DiscussionDueDay != null).OrderBy(x => x.DiscussionDueDay),
                ReviewQueues.Hearings => query.Where(x => x.HearingDueDay != null).OrderBy(x => x.HearingDueDay),
                _ => query.Where(x => x.PublicityDueDay != null).OrderBy(x => x.PublicityDueDay),
            };
            page = [.. (await ((IOrderedQueryable<CaseSupervision>)query).ThenBy(x => x.Id).Skip(offset).Take(limit).ToListAsync(context.RequestAborted))
                .Select(c => ((ISupervisedStream)c, (object)c.Stage, c.Queues))];
        }
        return Results.Json(new
        {
            queue,
            today,
            agency,
            offset,
            limit,
            nextOffset = page.Count == limit ? offset + limit : (int?)null,
            cases = page.Select(x => (x.Stream, x.Stage, Entry: x.Queues.First(q => q.Queue == queue))).Select(x => new
            {
                kind = x.Stream.Kind,
                id = x.Stream.Id,
                caseId = x.Stream.CaseId,
                href = ProceedingKinds.Href(x.Stream.Kind, x.Stream.Id),
                caseNumber = x.Stream.CaseNumber,
                agencyId = x.Stream.AgencyId,
                bodyId = x.Stream.BodyId,
                stage = x.Stage,
                dueOn = x.Entry.DueOn,
                dueFor = x.Entry.DueFor,
                daysLeft = Period.Between(today, x.Entry.DueOn, PeriodUnits.Days).Days,
            }),
        }, CaseLedgerJson.Responses);
    }

    private static async Task<IResult> FiguresAsync(string agencyId, IQuerySession session, AgencyFiguresQuery figures, IClock clock, HttpContext context)
    {
        if (await session.LoadAsync<Agency>(agencyId, context.RequestAborted) is null)
            return Problems.Of(RefusalCodes.NotFound, $"Agency '{agencyId}' is not registered.", context.Request.Path);
        if (context.MayRead(agencyId) is { } forbidden) return forbidden;
        return Results.Json(await figures.ForAsync(agencyId, AgencyZone.Today(clock.GetCurrentInstant()), context.RequestAborted), CaseLedgerJson.Responses);
    }

    /// <summary>
    /// A deadline row of the board (domain.md §8.5) with its status and the days left on <c>today</c>. <c>Kind</c> and
    /// <c>Id</c> name the proceeding whose deadline it is (<c>Href</c> reads it); <c>CaseId</c> is the penalty case it concerns.
    /// </summary>
    public sealed record BoardRow(
        string Kind, string Id, string? CaseId, string Href, string? CaseNumber, string? AgencyId, string? BodyId,
        string Key, string Purpose, string Rule, LocalDate Trigger, Counting Counting, int Length,
        LocalDate RawEnd, LocalDate End, IReadOnlyList<ExcludedInterval> Excluded, IReadOnlyList<DeadlineExtension> Extensions,
        bool Provisional, DeadlineOwner Owner, DeadlineStatus Status, bool Paused, bool MissedRecorded, LocalDate? MetOn, int? DaysLeft);

    private static BoardRow Row(ISupervisedStream c, BoardDeadline b, LocalDate today)
    {
        var d = b.Deadline;
        var status = b.StatusOn(today);
        return new BoardRow(c.Kind, c.Id, c.CaseId, ProceedingKinds.Href(c.Kind, c.Id), c.CaseNumber, c.AgencyId, c.BodyId, d.Key, d.Purpose, d.Rule, d.Trigger, d.Counting, d.Length,
            d.RawEnd, d.End, d.Excluded, d.Extensions, d.Provisional, d.Owner, status, b.Paused, b.MissedRecorded, d.MetOn,
            d.MetOn is null && !b.Paused ? Period.Between(today, d.End, PeriodUnits.Days).Days : null);
    }

    private static (int Limit, int Offset, IResult? Problem) Page(HttpContext context)
    {
        var (limit, badLimit) = context.IntQuery("limit", 1, MaxLimit);
        var (offset, badOffset) = context.IntQuery("offset", 0, int.MaxValue);
        return (limit ?? DefaultLimit, offset ?? 0, badLimit ?? badOffset);
    }
}
