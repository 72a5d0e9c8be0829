using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// One deadline of a supervised stream as the board keeps it: the §8.5 record, whether it is paused by an open
/// suspension, whether <see cref="Domain.Penalty.DeadlineMissed"/> was recorded, and whether it is a party's right
/// (which lapses when unused: never overdue, never missed).
/// </summary>
public sealed record BoardDeadline(Deadline Deadline, bool Paused, bool MissedRecorded)
{
    public bool PartyRight { get; init; }

    /// <summary>
    /// The §8.5 status on <paramref name="today"/>: met or missed once done; once past unmet, missed (a
    /// party's unused right lapsed); open otherwise, also while paused by a suspension.
    /// </summary>
    public DeadlineStatus StatusOn(LocalDate today) => Deadline.MetOn is { } met
        ? met <= Deadline.End ? DeadlineStatus.Met : DeadlineStatus.Missed
        : !Paused && today > Deadline.End
            ? PartyRight ? DeadlineStatus.Lapsed : DeadlineStatus.Missed
        : DeadlineStatus.Open;
}

/// <summary>A review queue the stream waits in, with the date that orders the queue and which deadline that date is.</summary>
public sealed record QueueEntry(string Queue, LocalDate DueOn, string DueFor);

/// <summary>The kinds of proceeding on the deadline board.</summary>
public static class ProceedingKinds
{
    public const string Penalty = "penalty";
    public const string Reconsideration = "reconsideration";
    public const string Litigation = "litigation";
    public const string Petition = "petition";
    public const string Supervision = "supervision";

    /// <summary>Where the proceeding is read over HTTP.</summary>
    public static string Href(string kind, string id) => kind switch
    {
        Penalty => $"/api/cases/{id}",
        Reconsideration => $"/api/reconsiderations/{id}",
        Litigation => $"/api/litigations/{id}",
        Supervision => $"/api/supervision-matters/{id}",
        _ => $"/api/petitions/{id}",
    };
}

/// <summary>
/// What the deadline board and the calendar refresh need of one supervised stream (a penalty case or a linked
/// proceeding): its deadlines, the indexed summary of them, and whose they are.
/// </summary>
public interface ISupervisedStream
{
    string Id { get; }
    long Version { get; }
    /// <summary>One of <see cref="ProceedingKinds"/>.</summary>
    string Kind { get; }
    /// <summary>The penalty case the row concerns (the case itself, or the case a linked proceeding contests); null for a petition naming none.</summary>
    string? CaseId { get; }
    string? CaseNumber { get; }
    /// <summary>The agency whose case it is (for a linked proceeding: the agency of the contested case).</summary>
    string? AgencyId { get; }
    /// <summary>The reconsideration body, for a reconsideration.</summary>
    string? BodyId { get; }
    bool Active { get; }
    bool Provisional { get; }
    string CalendarStamp { get; }
    IReadOnlyList<BoardDeadline> Deadlines { get; }
    int? NextDueDay { get; }
    int? EarliestUnmetDay { get; }
    int OpenCount { get; }
}

/// <summary>
/// The indexed summary of a stream's deadlines, computed one way for every supervised stream. Days are
/// <see cref="DateOnly.DayNumber"/>s so that range queries stay plain integer comparisons.
/// </summary>
/// <param name="NextOpenEndDay">Earliest end among unmet duties and obligations (not a party's right) not recorded missed and not paused: the sweep looks here.</param>
/// <param name="NextDueDay">Earliest end among unmet deadlines not recorded missed and not paused, a party's rights included: the due-soon list looks here.</param>
/// <param name="EarliestUnmetDay">Earliest end among all unmet, unpaused duties and obligations: overdue when before today.</param>
/// <param name="OpenCount">Unmet deadlines not recorded missed (paused ones included).</param>
/// <param name="Provisional">A deadline falls in a year whose official calendar is not loaded.</param>
public readonly record struct DeadlineIndex(int? NextOpenEndDay, int? NextDueDay, int? EarliestUnmetDay, int OpenCount, bool Provisional)
{
    public static int Day(LocalDate date) => date.ToDateOnly().DayNumber;

    /// <summary>The index of <paramref name="deadlines"/>; an inactive (ended) stream has nothing unmet on the board.</summary>
    public static DeadlineIndex Of(IReadOnlyList<BoardDeadline> deadlines, bool active)
    {
        var unmet = active ? deadlines.Where(d => d.Deadline.MetOn is null).ToList() : [];
        return new DeadlineIndex(
            MinDay(unmet.Where(d => !d.MissedRecorded && !d.Paused && !d.PartyRight)),
            MinDay(unmet.Where(d => !d.MissedRecorded && !d.Paused)),
            MinDay(unmet.Where(d => !d.Paused && !d.PartyRight)),
            unmet.Count(d => !d.MissedRecorded),
            deadlines.Any(d => d.Deadline.Provisional));
    }

    private static int? MinDay(IEnumerable<BoardDeadline> deadlines) =>
        deadlines.Select(d => (int?)Day(d.Deadline.End)).Min();

    /// <summary>
    /// Every command rewrites its stream's board document, and a row update inserts into every index whose predicate holds.
    /// Columns that are null or false for most streams are therefore indexed only where they hold a value, which is also all
    /// the queries ask of them.
    /// </summary>
    public static Action<Marten.Schema.DocumentIndex> WhereSet(string column) => index => index.Predicate = $"{column} is not null";

    /// <inheritdoc cref="WhereSet"/>
    public static Action<Marten.Schema.DocumentIndex> WhereTrue(string column) => index => index.Predicate = column;
}
