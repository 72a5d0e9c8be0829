using CaseLedger.Commands;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.SupervisionMatters;
using Marten;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// What supervisors read of one linked proceeding (reconsideration, litigation, petition): its deadlines on the
/// board, its place in the reconsideration queue, and the outcome the agency figures count. One small document per
/// proceeding stream, like <see cref="CaseSupervision"/> per case, with the same deadline index
/// (<see cref="DeadlineIndex"/>). It belongs to the agency of the contested case; a reconsideration also to its body.
/// Computed from the proceeding's file by a projection of its own in the same transaction (<see cref="RemedySupervisionProjection"/>),
/// so it carries no copy of that state and is never read back to be updated.
/// </summary>
public sealed class RemedySupervision : ISupervisedStream
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public string Kind { get; set; } = "";
    public string Href { get; set; } = "";
    public string? CaseId { get; set; }
    public string? CaseNumber { get; set; }
    public string? AgencyId { get; set; }
    public string? BodyId { get; set; }
    public string Stage { get; set; } = "";
    /// <summary>Not ended (decided, refused, withdrawn, settled; closed; routed or answered after re-review): its unmet deadlines are on the board.</summary>
    public bool Active { get; set; }

    /// <summary>A reconsideration's decision, once decided.</summary>
    public ReconsiderationDecisionType? DecisionType { get; set; }
    /// <summary>The decision revoked, changed, or confirmed the act illegal or void (the correction rate counts these).</summary>
    public bool Corrected { get; set; }
    /// <summary>A suit's judgment, once recorded.</summary>
    public JudgmentOutcome? Judgment { get; set; }

    /// <summary>A supervision matter's decision, once decided (山东省行政执法监督条例 Arts. 30–34).</summary>
    public SupervisionDecisionType? SupervisionDecision { get; set; }
    /// <summary>A supervision matter's recorded non-compliance of the agency: a decision refused, a report missed, supervisors hindered (Arts. 35–38).</summary>
    public int NonCompliances { get; set; }
    /// <summary>
    /// The day of the outcome the agency figures count: a reconsideration's decision, a suit's latest judgment, a supervision
    /// matter's decision; the monthly trend counts the outcome (and a matter's non-compliance) in its month.
    /// </summary>
    public LocalDate? OutcomeOn { get; set; }

    public LocalDate AsOf { get; set; }
    public string CalendarStamp { get; set; } = "";
    public bool Provisional { get; set; }
    public IReadOnlyList<BoardDeadline> Deadlines { get; set; } = [];
    public int? NextDueDay { get; set; }
    public int? EarliestUnmetDay { get; set; }
    public int OpenCount { get; set; }

    public IReadOnlyList<QueueEntry> Queues { get; set; } = [];
    public int? ReconsiderationDueDay { get; set; }
    public int? SupervisionDueDay { get; set; }

    /// <summary>The deadlines that order the reconsideration queue, the decision first among equals.</summary>
    private static readonly string[] QueueKeys = ["decision", "reply", "copy", "acceptance"];

    /// <summary>The deadlines that order the supervision queue: the supervised agency's duty of the moment, its correction until a decision.</summary>
    private static string[] SupervisionQueueKeys(SupervisionMatterState m) => m.Decision is null ? ["self-correction"] : ["performance", "execution-report"];

    /// <remarks>A reconsideration body, the queue, a provisional calendar and an overdue duty are indexed only where set (<see cref="DeadlineIndex.WhereSet"/>).</remarks>
    public static void Configure(StoreOptions options)
    {
        var schema = options.Schema.For<RemedySupervision>();
        schema.Duplicate(x => x.Kind);
        schema.Duplicate(x => x.AgencyId);
        schema.Duplicate(x => x.BodyId, configure: DeadlineIndex.WhereSet("body_id"));
        schema.Duplicate(x => x.EarliestUnmetDay, configure: DeadlineIndex.WhereSet("earliest_unmet_day"));
        schema.Duplicate(x => x.NextDueDay);
        schema.Duplicate(x => x.OpenCount);
        schema.Duplicate(x => x.Provisional, configure: DeadlineIndex.WhereTrue("provisional"));
        schema.Duplicate(x => x.ReconsiderationDueDay, configure: DeadlineIndex.WhereSet("reconsideration_due_day"));
        schema.Duplicate(x => x.SupervisionDueDay, configure: DeadlineIndex.WhereSet("supervision_due_day"));
    }

    /// <summary>
    /// What supervisors see of the proceeding in <paramref name="file"/>, its deadlines computed up to <paramref name="asOf"/>:
    /// the one computation, for the file's projection, the rebuild and the sweep alike.
    /// </summary>
    public static RemedySupervision Of<TState>(StateFile<TState> file, LocalDate asOf, IWorkingDayCalendar calendar, string calendarStamp)
        where TState : class =>
        new RemedySupervision { Id = file.Id, Version = file.Version, CaseNumber = file.CaseNumber, AgencyId = file.AgencyId, AsOf = asOf }
            .Compute(file.State, calendar, calendarStamp);

    /// <summary>Fills every derived field from the proceeding's state, <see cref="AsOf"/> and the calendar.</summary>
    private RemedySupervision Compute(object? state, IWorkingDayCalendar calendar, string calendarStamp)
    {
        IReadOnlyList<Deadline> deadlines;
        var paused = false;
        string[] supervisionKeys = [];
        if (state is ReconsiderationState r)
        {
            Kind = ProceedingKinds.Reconsideration;
            CaseId = r.CaseId;
            AgencyId = r.Application.Contested.AgencyId;
            BodyId = r.Application.Body;
            Stage = ReconsiderationCase.StageOf(r);
            Active = r.EndedOn is null;
            DecisionType = r.Decision?.Type;
            OutcomeOn = r.Decision?.DecidedOn;
            Corrected = r.Decision is { } d && ReconsiderationLaw.EffectOf(d.Type) is not null;
            paused = r.IsSuspended;
            deadlines = ReconsiderationCase.Deadlines(r, calendar, AsOf);
        }
        else if (state is LitigationState l)
        {
            Kind = ProceedingKinds.Litigation;
            CaseId = l.CaseId;
            Stage = LitigationCase.StageOf(l);
            Active = l.Closure is null;
            Judgment = l.Judgment?.Outcome;
            OutcomeOn = l.Judgment?.JudgedOn;
            deadlines = LitigationCase.Deadlines(l, calendar, AsOf);
        }
        else if (state is PetitionState p)
        {
            Kind = ProceedingKinds.Petition;
            CaseId = p.Lodging.CaseId;
            Stage = PetitionCase.StageOf(p);
            Active = p.Routing is null && p.ReReview is null;
            deadlines = PetitionCase.Deadlines(p, calendar, AsOf);
        }
        else if (state is SupervisionMatterState m)
        {
            Kind = ProceedingKinds.Supervision;
            CaseId = m.CaseId;
            AgencyId = m.AgencyId;
            BodyId = m.Body;
            Stage = SupervisionMatter.StageOf(m);
            Active = m.Closure is null;
            SupervisionDecision = m.Decision?.Type;
            OutcomeOn = m.Decision?.DecidedOn;
            Corrected = m.Decision is { } sd && SupervisionLaw.EffectOf(sd.Type) is not null;
            NonCompliances = m.NonCompliances.Count;
            supervisionKeys = SupervisionQueueKeys(m);
            deadlines = SupervisionMatter.Deadlines(m, calendar, AsOf);
        }
        else throw new InvalidOperationException($"Proceeding '{Id}' has no state.");

        Href = ProceedingKinds.Href(Kind, Id);
        // The linked proceedings mark only a party's rights as the party's (they lapse); none records DeadlineMissed.
        Deadlines = [.. deadlines.Select(d => new BoardDeadline(d, paused && d.Key == "decision", false) { PartyRight = d.Owner == DeadlineOwner.Party })];
        (_, NextDueDay, EarliestUnmetDay, OpenCount, Provisional) = DeadlineIndex.Of(Deadlines, Active);
        CalendarStamp = Provisional ? calendarStamp : "";

        var (queue, keys) = Kind == ProceedingKinds.Supervision ? (ReviewQueues.Supervision, supervisionKeys) : (ReviewQueues.Reconsideration, QueueKeys);
        var nearest = Kind is not (ProceedingKinds.Reconsideration or ProceedingKinds.Supervision) || !Active ? null : Deadlines
            .Where(b => b.Deadline.MetOn is null && keys.Contains(b.Deadline.Key))
            .OrderBy(b => b.Deadline.End).ThenBy(b => Array.IndexOf(keys, b.Deadline.Key))
            .FirstOrDefault();
        Queues = nearest is null ? [] : [new QueueEntry(queue, nearest.Deadline.End, nearest.Deadline.Key)];
        var dueDay = nearest is null ? null : (int?)DeadlineIndex.Day(nearest.Deadline.End);
        ReconsiderationDueDay = queue == ReviewQueues.Reconsideration ? dueDay : null;
        SupervisionDueDay = queue == ReviewQueues.Supervision ? dueDay : null;
        return this;
    }
}
