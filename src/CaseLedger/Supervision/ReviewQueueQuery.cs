using CaseLedger.Domain;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>Which review queue (<see cref="ReviewQueues.All"/>), of one agency or all the reader reads, and the page.</summary>
public sealed record ReviewQueueFilter(string Queue, string? Agency = null, int Offset = 0, int Limit = Paging.DefaultLimit);

/// <summary>A proceeding waiting in a queue: its stage (kebab-case, as the API writes it), the date that orders the queue and which deadline that is.</summary>
public sealed record QueueRow(
    string Kind, string Id, string? CaseId, string Href, string? CaseNumber, string? AgencyId, string? BodyId,
    string Stage, LocalDate DueOn, string DueFor, int DaysLeft);

/// <summary>A page of a queue in the order of its dates; <c>NextOffset</c> when the page is full.</summary>
public sealed record ReviewQueuePage(string Queue, LocalDate Today, string? Agency, int Offset, int Limit, int? NextOffset, IReadOnlyList<QueueRow> Cases);

/// <summary>
/// The review queues (legal review, collective discussion, hearings, publicity, reconsideration, supervision), read from the supervision
/// documents in the order of their due dates. The reader's scope (<see cref="Authorization.ListScope"/>) decides which
/// agencies it may list; the query lists no other.
/// </summary>
public static class ReviewQueueQuery
{
    public static Task<Answer<ReviewQueuePage>> ReadAsync(
        IQuerySession session, ReadScope reader, ReviewQueueFilter filter, LocalDate today, CancellationToken ct) =>
        ReadAsync([session], reader, filter, today, ct);

    /// <summary>
    /// A queue over several databases (regions, <see cref="Hosting.ReadSide.LaggingEverywhere"/>): each is read up to the end of the
    /// page and the rows merged in the queue's order; one database pages in PostgreSQL.
    /// </summary>
    public static async Task<Answer<ReviewQueuePage>> ReadAsync(
        IReadOnlyList<IQuerySession> sessions, ReadScope reader, ReviewQueueFilter filter, LocalDate today, CancellationToken ct)
    {
        var queue = filter.Queue;
        if (!ReviewQueues.All.Contains(queue))
            return new Refusal(RefusalCodes.NotFound, $"'{queue}' is not a queue. Known: {string.Join(", ", ReviewQueues.All)}.");
        if (Paging.Check(filter.Offset, filter.Limit) is { } invalid) return invalid;
        var (agency, refused) = reader.ListAgency(filter.Agency);
        if (refused is not null) return refused;
        var (offset, limit) = (filter.Offset, filter.Limit);

        var one = sessions.Count == 1;
        var (skip, take) = one ? (offset, limit) : (0, offset + limit);
        List<(ISupervisedStream Stream, string Stage, IReadOnlyList<QueueEntry> Queues)> read = [];
        foreach (var session in sessions) read.AddRange(await ReadOneAsync(session, queue, agency, skip, take, ct));
        var page = one ? read : [.. read.OrderBy(x => x.Queues.First(q => q.Queue == queue).DueOn).ThenBy(x => x.Stream.Id, StringComparer.Ordinal).Skip(offset).Take(limit)];
        var rows = page.Select(x => (x.Stream, x.Stage, Entry: x.Queues.First(q => q.Queue == queue))).Select(x => new QueueRow(
            x.Stream.Kind, x.Stream.Id, x.Stream.CaseId, ProceedingKinds.Href(x.Stream.Kind, x.Stream.Id), x.Stream.CaseNumber,
            x.Stream.AgencyId, x.Stream.BodyId, x.Stage, x.Entry.DueOn, x.Entry.DueFor,
            Period.Between(today, x.Entry.DueOn, PeriodUnits.Days).Days)).ToList();
        var full = one ? page.Count == limit : read.Count > offset + limit || page.Count == limit;
        return new ReviewQueuePage(queue, today, agency, offset, limit, full ? offset + limit : null, rows);
    }

    private static async Task<IReadOnlyList<(ISupervisedStream Stream, string Stage, IReadOnlyList<QueueEntry> Queues)>> ReadOneAsync(
        IQuerySession session, string queue, string? agency, int offset, int limit, CancellationToken ct)
    {
        IReadOnlyList<(ISupervisedStream Stream, string Stage, IReadOnlyList<QueueEntry> Queues)> page;
        if (queue is ReviewQueues.Reconsideration or ReviewQueues.Supervision)
        {
            var query = session.Query<RemedySupervision>().AsQueryable();
            if (agency is not null) query = query.Where(x => x.AgencyId == agency || x.BodyId == agency);
            var ordered = queue == ReviewQueues.Reconsideration
                ? query.Where(x => x.ReconsiderationDueDay != null).OrderBy(x => x.ReconsiderationDueDay)
                : query.Where(x => x.SupervisionDueDay != null).OrderBy(x => x.SupervisionDueDay);
            page = [.. (await ordered.ThenBy(x => x.Id).Skip(offset).Take(limit).ToListAsync(ct))
                .Select(r => ((ISupervisedStream)r, r.Stage, r.Queues))];
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
            page = [.. (await ((IOrderedQueryable<CaseSupervision>)query).ThenBy(x => x.Id).Skip(offset).Take(limit).ToListAsync(ct))
                .Select(c => ((ISupervisedStream)c, Words.Kebab(c.Stage), c.Queues))];
        }
        return page;
    }
}
