using System.Linq.Expressions;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// What the deadline board shows (domain.md §8.5): deadlines of one <see cref="Status"/>, of one agency or all the reader
/// reads, of one <see cref="Kind"/> of proceeding (<see cref="ProceedingKinds"/>) or all; <see cref="Within"/> days ahead
/// for <c>due-soon</c> (default 3).
/// </summary>
public sealed record DeadlineBoardFilter(
    string? Agency = null, string? Kind = null, string Status = DeadlineBoardFilter.Open, int? Within = null,
    int Offset = 0, int Limit = Paging.DefaultLimit)
{
    public const string Open = "open";
    public const string Overdue = "overdue";
    public const string DueSoon = "due-soon";
    public const string Met = "met";
    public const string Missed = "missed";
    public const string Lapsed = "lapsed";
    public const int DefaultWithin = 3;
    public const int MaxWithin = 366;

    public static IReadOnlyList<string> Statuses { get; } = [Open, Overdue, DueSoon, Met, Missed, Lapsed];

    public static IReadOnlyList<string> Kinds { get; } =
        [ProceedingKinds.Penalty, ProceedingKinds.Reconsideration, ProceedingKinds.Litigation, ProceedingKinds.Petition, ProceedingKinds.Supervision];

    public Refusal? Check() =>
        !Statuses.Contains(Status) ? new Refusal(RefusalCodes.ValidationFailed, "status must be open, overdue, due-soon, met, missed or lapsed.")
        : Kind is not null && !Kinds.Contains(Kind) ? new Refusal(RefusalCodes.ValidationFailed, "kind must be penalty, reconsideration, litigation, petition or supervision.")
        : Within is < 0 or > MaxWithin ? Paging.Invalid("within", 0, MaxWithin)
        : Paging.Check(Offset, Limit);
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

/// <summary>A page of the board: the proceedings from <c>Offset</c>, their fitting deadlines; <c>NextOffset</c> when more follow.</summary>
public sealed record DeadlineBoardPage(
    LocalDate Today, string Status, string? Agency, string? Kind, int? Within, int Offset, int Limit, int? NextOffset,
    IReadOnlyList<BoardRow> Deadlines);

/// <summary>
/// The deadline board across cases and linked proceedings, read from the supervision documents through their indexes. The
/// reader's scope (<see cref="Authorization.ListScope"/>) decides which agencies it may list; the query lists no other.
/// </summary>
public static class DeadlineBoardQuery
{
    public static Task<Answer<DeadlineBoardPage>> ReadAsync(
        IQuerySession session, ReadScope reader, DeadlineBoardFilter filter, LocalDate today, CancellationToken ct) =>
        ReadAsync([session], reader, filter, today, ct);

    /// <summary>The board over several databases (regions, <see cref="Hosting.ReadSide.LaggingEverywhere"/>): each is read up to the end of the page, and the rows merged.</summary>
    public static async Task<Answer<DeadlineBoardPage>> ReadAsync(
        IReadOnlyList<IQuerySession> sessions, ReadScope reader, DeadlineBoardFilter filter, LocalDate today, CancellationToken ct)
    {
        if (filter.Check() is { } invalid) return invalid;
        var (agency, refused) = reader.ListAgency(filter.Agency);
        if (refused is not null) return refused;
        var (status, kind, offset, limit) = (filter.Status, filter.Kind, filter.Offset, filter.Limit);
        var within = filter.Within ?? DeadlineBoardFilter.DefaultWithin;

        var todayDay = CaseSupervision.Day(today);
        var horizon = today.PlusDays(within);
        var horizonDay = CaseSupervision.Day(horizon);

        // Each kind of document is read in the board's order up to the end of the page; the two are merged here.
        // Marten translates the members of the concrete document type, so each gets its own query.
        var enough = offset + limit;
        List<ISupervisedStream> merged = [];
        foreach (var session in sessions) await ReadOneAsync(session);

        async Task ReadOneAsync(IQuerySession session)
        {
            if (kind is null or ProceedingKinds.Penalty)
            {
                var query = session.Query<CaseSupervision>().AsQueryable();
                if (agency is not null) query = query.Where(x => x.AgencyId == agency);
                query = status switch
                {
                    DeadlineBoardFilter.Open => ByDay(query.Where(x => x.OpenCount > 0), x => x.NextDueDay),
                    DeadlineBoardFilter.Overdue => ByDay(query.Where(x => x.EarliestUnmetDay < todayDay), x => x.EarliestUnmetDay),
                    DeadlineBoardFilter.DueSoon => ByDay(query.Where(x => x.NextDueDay <= horizonDay), x => x.NextDueDay),
                    _ => query.OrderBy(x => x.Id),
                };
                merged.AddRange(await query.Take(enough).ToListAsync(ct));

                // One agency's cases are asked for in the order of its index (agency, day, id), which the planner then reads as it
                // stands and stops after the page, whatever its statistics say; they lag behind a bulk load of cases.
                IQueryable<CaseSupervision> ByDay(IQueryable<CaseSupervision> cases, Expression<Func<CaseSupervision, int?>> day) =>
                    (agency is null ? cases.OrderBy(day) : cases.OrderBy(x => x.AgencyId).ThenBy(day)).ThenBy(x => x.Id);
            }
            if (kind is not ProceedingKinds.Penalty)
            {
                var query = session.Query<RemedySupervision>().AsQueryable();
                if (agency is not null) query = query.Where(x => x.AgencyId == agency || x.BodyId == agency);
                if (kind is not null) query = query.Where(x => x.Kind == kind);
                query = status switch
                {
                    DeadlineBoardFilter.Open => query.Where(x => x.OpenCount > 0).OrderBy(x => x.NextDueDay).ThenBy(x => x.Id),
                    DeadlineBoardFilter.Overdue => query.Where(x => x.EarliestUnmetDay < todayDay).OrderBy(x => x.EarliestUnmetDay).ThenBy(x => x.Id),
                    DeadlineBoardFilter.DueSoon => query.Where(x => x.NextDueDay <= horizonDay).OrderBy(x => x.NextDueDay).ThenBy(x => x.Id),
                    _ => query.OrderBy(x => x.Id),
                };
                merged.AddRange(await query.Take(enough).ToListAsync(ct));
            }
        }
        merged = [.. merged.OrderBy(SortDay).ThenBy(x => x.Id, StringComparer.Ordinal)];
        var page = merged.Skip(offset).Take(limit).ToList();

        // The same order as the queries: PostgreSQL puts nulls last.
        int SortDay(ISupervisedStream x) => status switch
        {
            DeadlineBoardFilter.Open or DeadlineBoardFilter.DueSoon => x.NextDueDay ?? int.MaxValue,
            DeadlineBoardFilter.Overdue => x.EarliestUnmetDay ?? int.MaxValue,
            _ => 0,
        };

        bool Fits(ISupervisedStream c, BoardDeadline b)
        {
            var d = b.Deadline;
            var unmet = c.Active && d.MetOn is null;
            return status switch
            {
                DeadlineBoardFilter.Open => unmet && (b.Paused || d.End >= today),
                DeadlineBoardFilter.Overdue => unmet && !b.Paused && d.End < today && !b.PartyRight,
                DeadlineBoardFilter.DueSoon => unmet && !b.Paused && d.End >= today && d.End <= horizon,
                DeadlineBoardFilter.Met => d.MetOn is { } met && met <= d.End,
                DeadlineBoardFilter.Lapsed => b.StatusOn(today) == DeadlineStatus.Lapsed,
                _ => b.StatusOn(today) == DeadlineStatus.Missed,
            };
        }

        var rows = page
            .SelectMany(c => c.Deadlines.Where(b => Fits(c, b)).Select(b => Row(c, b, today)))
            .OrderBy(r => r.End).ThenBy(r => r.Id, StringComparer.Ordinal)
            .ToList();
        return new DeadlineBoardPage(today, status, agency, kind, status == DeadlineBoardFilter.DueSoon ? within : null,
            offset, limit, merged.Count > enough ? enough : null, rows);
    }

    /// <summary>
    /// The board's size for operators (a gauge by status): how many proceedings have an open deadline and how many an overdue
    /// one on <paramref name="today"/>, every agency, read from the same indexed columns the board pages through.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int>> SizesAsync(IQuerySession session, LocalDate today, CancellationToken ct)
    {
        var todayDay = CaseSupervision.Day(today);
        return new Dictionary<string, int>
        {
            [DeadlineBoardFilter.Open] = await session.Query<CaseSupervision>().CountAsync(x => x.OpenCount > 0, ct)
                + await session.Query<RemedySupervision>().CountAsync(x => x.OpenCount > 0, ct),
            [DeadlineBoardFilter.Overdue] = await session.Query<CaseSupervision>().CountAsync(x => x.EarliestUnmetDay < todayDay, ct)
                + await session.Query<RemedySupervision>().CountAsync(x => x.EarliestUnmetDay < todayDay, ct),
        };
    }

    private static BoardRow Row(ISupervisedStream c, BoardDeadline b, LocalDate today)
    {
        var d = b.Deadline;
        var status = b.StatusOn(today);
        return new BoardRow(c.Kind, c.Id, c.CaseId, ProceedingKinds.Href(c.Kind, c.Id), c.CaseNumber, c.AgencyId, c.BodyId, d.Key, d.Purpose, d.Rule, d.Trigger, d.Counting, d.Length,
            d.RawEnd, d.End, d.Excluded, d.Extensions, d.Provisional, d.Owner, status, b.Paused, b.MissedRecorded, d.MetOn,
            d.MetOn is null && !b.Paused ? Period.Between(today, d.End, PeriodUnits.Days).Days : null);
    }
}
