using CaseLedger.Calendar;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// What supervisors read of one case: its deadlines (the deadline board), the review queues it waits in,
/// and the facts the agency figures count. One document per case, computed from the case's file by a projection of
/// its own in the same transaction (<see cref="CaseSupervisionProjection"/>), so it carries no copy of that state and is
/// never read back to be updated. Indexed fields hold dates as day numbers
/// (<see cref="DateOnly.DayNumber"/>) so that range queries stay plain integer comparisons.
/// </summary>
public sealed class CaseSupervision : ISupervisedStream
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string AgencyId { get; set; } = "";
    public string? CaseNumber { get; set; }
    public Procedure Procedure { get; set; }
    public CaseStage Stage { get; set; }
    /// <summary>Neither closed nor archived: its unmet deadlines are on the board.</summary>
    public bool Active { get; set; }
    public LocalDate? FiledOn { get; set; }
    public LocalDate? DecidedOn { get; set; }
    public bool DecisionChanged { get; set; }
    public bool DecisionRevoked { get; set; }
    public int MissedCount { get; set; }

    /// <summary>
    /// The officers who took part in the case: its investigators and those who signed its decision (an officer's assessment,
    /// <see cref="OfficerAssessmentQuery"/>, finds their cases by this, a text array with an inverted index).
    /// </summary>
    public IReadOnlyList<string> Officers { get; set; } = [];
    /// <summary>When a reconsideration, suit or supervision decision last revoked, changed or confirmed illegal the decision.</summary>
    public LocalDate? CorrectedOn { get; set; }
    /// <summary>The linked proceedings whose decisions corrected it.</summary>
    public IReadOnlyList<string> CorrectedBy { get; set; } = [];

    /// <summary>The business date of the latest event: deadlines that grow with time (an open suspension) are computed up to it.</summary>
    public LocalDate AsOf { get; set; }
    /// <summary>The calendar the provisional deadlines were computed on (<see cref="CalendarService.Stamp"/>); empty when none is provisional.</summary>
    public string CalendarStamp { get; set; } = "";
    /// <summary>A deadline falls in a year whose official calendar is not loaded.</summary>
    public bool Provisional { get; set; }
    public IReadOnlyList<BoardDeadline> Deadlines { get; set; } = [];
    /// <summary>Earliest end among unmet duties and obligations (not a party's right) not yet recorded missed and not paused; the sweep looks here.</summary>
    public int? NextOpenEndDay { get; set; }
    /// <summary>Earliest end among unmet deadlines not recorded missed and not paused, a party's rights included: the due-soon list looks here.</summary>
    public int? NextDueDay { get; set; }
    /// <summary>Earliest end among all unmet, unpaused duties and obligations: overdue when before today.</summary>
    public int? EarliestUnmetDay { get; set; }
    /// <summary>Unmet deadlines not recorded missed (paused ones included).</summary>
    public int OpenCount { get; set; }

    public IReadOnlyList<QueueEntry> Queues { get; set; } = [];
    public int? LegalReviewDueDay { get; set; }
    public int? DiscussionDueDay { get; set; }
    public int? HearingDueDay { get; set; }
    public int? PublicityDueDay { get; set; }

    public static int Day(LocalDate date) => DeadlineIndex.Day(date);

    string ISupervisedStream.Kind => ProceedingKinds.Penalty;
    string? ISupervisedStream.CaseId => Id;
    string? ISupervisedStream.BodyId => null;

    /// <remarks>
    /// The queues, a provisional calendar and an open duty are indexed only where set (<see cref="DeadlineIndex.WhereSet"/>).
    /// An agency's board is read through indexes in its own order, (agency, day, id), so that the planner reads one page of
    /// them and stops, even with statistics taken before a bulk load of cases (a plain agency index then had every case of
    /// the agency read and sorted: 37 ms for 100,000, against 0.1 ms). They lead with the agency, so it needs none of its own.
    /// </remarks>
    public static void Configure(StoreOptions options)
    {
        var schema = options.Schema.For<CaseSupervision>();
        schema.Duplicate(x => x.NextDueDay);
        schema.Duplicate(x => x.OpenCount);
        schema.Duplicate(x => x.NextOpenEndDay, configure: DeadlineIndex.WhereSet("next_open_end_day"));
        schema.Duplicate(x => x.EarliestUnmetDay, configure: DeadlineIndex.WhereSet("earliest_unmet_day"));
        schema.Duplicate(x => x.Provisional, configure: DeadlineIndex.WhereTrue("provisional"));
        schema.Duplicate(x => x.LegalReviewDueDay, configure: DeadlineIndex.WhereSet("legal_review_due_day"));
        schema.Duplicate(x => x.DiscussionDueDay, configure: DeadlineIndex.WhereSet("discussion_due_day"));
        schema.Duplicate(x => x.HearingDueDay, configure: DeadlineIndex.WhereSet("hearing_due_day"));
        schema.Duplicate(x => x.PublicityDueDay, configure: DeadlineIndex.WhereSet("publicity_due_day"));
        // Marten's Duplicate indexes the column alone, and an index's columns can be chosen only on the mapping itself.
        options.Policies.ForAllDocuments(mapping =>
        {
            if (mapping.DocumentType != typeof(CaseSupervision)) return;
            mapping.DuplicateField(nameof(AgencyId), "varchar", false);
            mapping.AddIndex("agency_id", "next_due_day", "id");
            mapping.AddIndex("agency_id", "earliest_unmet_day", "id").Predicate = "earliest_unmet_day is not null";
            // An officer's cases: officers @> array[id] through a GIN index (Marten's Contains on a duplicated array reads = ANY, which none serves).
            mapping.DuplicateField(nameof(Officers), "text[]", false);
            mapping.AddIndex("officers").Method = Weasel.Postgresql.Tables.IndexMethod.gin;
        });
    }

    /// <summary>What supervisors see of the case <paramref name="state"/> at <paramref name="version"/>, its deadlines computed up to <paramref name="asOf"/>.</summary>
    public static CaseSupervision Of(string id, long version, PenaltyCaseState state, LocalDate asOf, IWorkingDayCalendar calendar, string calendarStamp) =>
        new CaseSupervision { Id = id, Version = version, AsOf = asOf }.Compute(state, calendar, calendarStamp);

    /// <summary>Fills every derived field from the case's state, <see cref="AsOf"/> and the calendar.</summary>
    private CaseSupervision Compute(PenaltyCaseState s, IWorkingDayCalendar calendar, string calendarStamp)
    {
        AgencyId = s.AgencyId;
        CaseNumber = s.Filing?.CaseNumber;
        Procedure = s.Procedure;
        Stage = PenaltyCase.StageOf(s);
        Active = s.Closure is null && s.Archive is null;
        FiledOn = s.Filing?.FiledOn;
        DecidedOn = s.Decision?.DecidedOn ?? s.OnTheSpot?.DecidedOn;
        DecisionRevoked = s.Revocation is not null;
        DecisionChanged = s.Revocation is null && s.LastChangedOn is not null;
        MissedCount = s.MissedDeadlines.Count;
        Officers = [.. s.Investigators.Concat((s.Decision?.Officers ?? []).Concat(s.OnTheSpot?.Officers ?? []).Select(o => o.OfficerId))
            .Distinct().Order(StringComparer.Ordinal)];
        CorrectedOn = s.RemedyDecisions.Count > 0 ? s.LastChangedOn : null;
        CorrectedBy = s.RemedyDecisions;

        Deadlines = [.. PenaltyCase.Deadlines(s, calendar, AsOf).Select(d => new BoardDeadline(
            d, d.Key == "decision" && s.IsSuspended, PenaltyCase.IsRecordedMissed(s, d)) { PartyRight = PenaltyCase.IsPartyRight(d) })];
        // A party's right that passes unused lapses: never overdue, never swept.
        (NextOpenEndDay, NextDueDay, EarliestUnmetDay, OpenCount, Provisional) = DeadlineIndex.Of(Deadlines, Active);
        // Only provisional deadlines change when a year is loaded; the others carry no stamp, so a rebuild matches them.
        CalendarStamp = Provisional ? calendarStamp : "";

        Queues = Active ? [.. QueuesOf(s, Deadlines)] : [];
        LegalReviewDueDay = DueDay(ReviewQueues.LegalReview);
        DiscussionDueDay = DueDay(ReviewQueues.CollectiveDiscussion);
        HearingDueDay = DueDay(ReviewQueues.Hearings);
        PublicityDueDay = DueDay(ReviewQueues.Publicity);
        return this;
    }

    private static IEnumerable<QueueEntry> QueuesOf(PenaltyCaseState s, IReadOnlyList<BoardDeadline> deadlines)
    {
        var decision = deadlines.FirstOrDefault(d => d.Deadline.Key == "decision")?.Deadline;
        if (s.Decision is null && decision is not null)
        {
            if (s.ReviewRequest is not null && s.Review is null)
                yield return new QueueEntry(ReviewQueues.LegalReview, decision.End, "decision");
            if (s.Conclusion is { } c && (c.Major || c.Complex) && s.Discussions.Count == 0 && s.Review is { Passed: true })
                yield return new QueueEntry(ReviewQueues.CollectiveDiscussion, decision.End, "decision");
        }
        if (s.HearingRequest is not null && s.Hearing is null && s.HearingWaiver is null)
        {
            if (s.HearingSchedule is { } scheduled)
                yield return new QueueEntry(ReviewQueues.Hearings, scheduled.HearingOn, "hearing");
            else if (decision is not null)
                yield return new QueueEntry(ReviewQueues.Hearings, decision.End, "decision");
        }
        var publicity = deadlines
            .Where(d => d.Deadline.Key is "publication" or "withdrawal" && d.Deadline.MetOn is null)
            .OrderBy(d => d.Deadline.End)
            .FirstOrDefault();
        if (publicity is not null)
            yield return new QueueEntry(ReviewQueues.Publicity, publicity.Deadline.End, publicity.Deadline.Key);
    }

    private int? DueDay(string queue) => Queues.FirstOrDefault(q => q.Queue == queue) is { } entry ? Day(entry.DueOn) : null;
}

/// <summary>The review queues of GET /api/queues/{queue}.</summary>
public static class ReviewQueues
{
    public const string LegalReview = "legal-review";
    public const string CollectiveDiscussion = "collective-discussion";
    public const string Hearings = "hearings";
    public const string Publicity = "publicity";
    public const string Reconsideration = "reconsideration";
    /// <summary>Open supervision matters by the agency's nearest duty (self-correction, performance, execution report).</summary>
    public const string Supervision = "supervision";

    /// <summary>The queues of penalty cases (<see cref="CaseSupervision"/>).</summary>
    public static IReadOnlyList<string> OfCases { get; } = [LegalReview, CollectiveDiscussion, Hearings, Publicity];

    public static IReadOnlyList<string> All { get; } = [.. OfCases, Reconsideration, Supervision];
}
