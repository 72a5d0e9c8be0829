using CaseLedger.Calendar;
using CaseLedger.Cases;
using CaseLedger.Domain;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Litigation;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Reconsideration;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using NodaTime;

namespace CaseLedger.Supervision;

/// <summary>
/// What supervisors read of one linked proceeding (reconsideration, litigation, petition): its deadlines on the
/// board, its place in the reconsideration queue, and the outcome the agency figures count. One small document per
/// proceeding stream, like <see cref="CaseSupervision"/> per case, with the same deadline index
/// (<see cref="DeadlineIndex"/>). It belongs to the agency of the contested case; a reconsideration also to its body.
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

    public LocalDate AsOf { get; set; }
    public string CalendarStamp { get; set; } = "";
    public bool Provisional { get; set; }
    public IReadOnlyList<BoardDeadline> Deadlines { get; set; } = [];
    public int? NextDueDay { get; set; }
    public int? EarliestUnmetDay { get; set; }
    public int OpenCount { get; set; }

    public IReadOnlyList<QueueEntry> Queues { get; set; } = [];
    public int? ReconsiderationDueDay { get; set; }

    public ReconsiderationState? Reconsideration { get; set; }
    public LitigationState? Litigation { get; set; }
    public PetitionState? Petition { get; set; }

    /// <summary>The deadlines that order the reconsideration queue, the decision first among equals.</summary>
    private static readonly string[] QueueKeys = ["decision", "reply", "copy", "acceptance"];

    public static void Configure(StoreOptions options)
    {
        var schema = options.Schema.For<RemedySupervision>();
        schema.Duplicate(x => x.Kind);
        schema.Duplicate(x => x.AgencyId);
        schema.Duplicate(x => x.BodyId);
        schema.Duplicate(x => x.EarliestUnmetDay);
        schema.Duplicate(x => x.NextDueDay);
        schema.Duplicate(x => x.OpenCount);
        schema.Duplicate(x => x.Provisional);
        schema.Duplicate(x => x.ReconsiderationDueDay);
    }

    /// <summary>Fills every derived field from the proceeding's state, <see cref="AsOf"/> and the calendar.</summary>
    public RemedySupervision Compute(IWorkingDayCalendar calendar, string calendarStamp)
    {
        IReadOnlyList<Deadline> deadlines;
        var paused = false;
        if (Reconsideration is { } r)
        {
            Kind = ProceedingKinds.Reconsideration;
            CaseId = r.CaseId;
            AgencyId = r.Application.Contested.AgencyId;
            BodyId = r.Application.Body;
            Stage = ReconsiderationCase.StageOf(r);
            Active = r.EndedOn is null;
            DecisionType = r.Decision?.Type;
            Corrected = r.Decision is { } d && ReconsiderationLaw.EffectOf(d.Type) is not null;
            paused = r.IsSuspended;
            deadlines = ReconsiderationCase.Deadlines(r, calendar, AsOf);
        }
        else if (Litigation is { } l)
        {
            Kind = ProceedingKinds.Litigation;
            CaseId = l.CaseId;
            Stage = LitigationCase.StageOf(l);
            Active = l.Closure is null;
            Judgment = l.Judgment?.Outcome;
            deadlines = LitigationCase.Deadlines(l, calendar, AsOf);
        }
        else if (Petition is { } p)
        {
            Kind = ProceedingKinds.Petition;
            CaseId = p.Lodging.CaseId;
            Stage = PetitionCase.StageOf(p);
            Active = p.Routing is null && p.ReReview is null;
            deadlines = PetitionCase.Deadlines(p, calendar, AsOf);
        }
        else throw new InvalidOperationException($"Proceeding '{Id}' has no state.");

        Href = ProceedingKinds.Href(Kind, Id);
        // The linked proceedings mark only a party's rights as the party's (they lapse); none records DeadlineMissed.
        Deadlines = [.. deadlines.Select(d => new BoardDeadline(d, paused && d.Key == "decision", false) { PartyRight = d.Owner == DeadlineOwner.Party })];
        (_, NextDueDay, EarliestUnmetDay, OpenCount, Provisional) = DeadlineIndex.Of(Deadlines, Active);
        CalendarStamp = Provisional ? calendarStamp : "";

        var nearest = Reconsideration is null || !Active ? null : Deadlines
            .Where(b => b.Deadline.MetOn is null && QueueKeys.Contains(b.Deadline.Key))
            .OrderBy(b => b.Deadline.End).ThenBy(b => Array.IndexOf(QueueKeys, b.Deadline.Key))
            .FirstOrDefault();
        Queues = nearest is null ? [] : [new QueueEntry(ReviewQueues.Reconsideration, nearest.Deadline.End, nearest.Deadline.Key)];
        ReconsiderationDueDay = nearest is null ? null : DeadlineIndex.Day(nearest.Deadline.End);
        return this;
    }
}

/// <summary>
/// Inline, like <see cref="CaseSupervision"/>: the board shows a proceeding's step in the transaction that
/// records it. A suit or a petition names its case only by id: the first event reads the case's agency and number
/// (a petition naming no case belongs to the agency of the staff who registered it).
/// </summary>
public sealed class RemedySupervisionProjection : SingleStreamProjection<RemedySupervision, string>
{
    private readonly CalendarService calendar;

    public RemedySupervisionProjection(CalendarService calendar)
    {
        this.calendar = calendar;
        foreach (var type in ReconsiderationCase.EventTypes.Concat(LitigationCase.EventTypes).Concat(PetitionCase.EventTypes)) IncludeType(type);
    }

    public override async ValueTask<RemedySupervision?> EvolveAsync(
        RemedySupervision? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        var doc = snapshot ?? new RemedySupervision { Id = id };
        switch (e.Data)
        {
            case ReconsiderationApplied applied when snapshot is null:
                doc.Reconsideration = ReconsiderationCase.Evolve(null, applied);
                await NameCaseAsync(doc, applied.Contested.CaseId, null, session, cancellation);
                break;
            case LitigationFiled filed when snapshot is null:
                doc.Litigation = LitigationCase.Evolve(null, filed);
                await NameCaseAsync(doc, filed.CaseId, null, session, cancellation);
                break;
            case PetitionLodged lodged when snapshot is null:
                doc.Petition = PetitionCase.Evolve(null, lodged);
                await NameCaseAsync(doc, lodged.CaseId, lodged.Officers.FirstOrDefault()?.OfficerId ?? lodged.RecordedBy, session, cancellation);
                break;
            case var _ when snapshot is null:
                return null;
            default:
                doc.Reconsideration = doc.Reconsideration is { } r ? ReconsiderationCase.Evolve(r, e.Data) : null;
                doc.Litigation = doc.Litigation is { } l ? LitigationCase.Evolve(l, e.Data) : null;
                doc.Petition = doc.Petition is { } p ? PetitionCase.Evolve(p, e.Data) : null;
                break;
        }
        doc.Version = e.Version;
        doc.AsOf = AgencyZone.Today(Instant.FromDateTimeOffset(e.Timestamp));
        return doc.Compute(calendar.Current, calendar.Stamp);
    }

    /// <summary>The contested case's number and agency; without a case, the agency of <paramref name="officerId"/>.</summary>
    private static async Task NameCaseAsync(RemedySupervision doc, string? caseId, string? officerId, IQuerySession session, CancellationToken ct)
    {
        if (caseId is { Length: > 0 } && await session.LoadAsync<CaseFile>(caseId, ct) is { State: { } contested })
        {
            doc.CaseNumber = contested.Filing?.CaseNumber;
            doc.AgencyId = contested.AgencyId;
        }
        else if (officerId is { Length: > 0 } && await session.LoadAsync<Officer>(officerId, ct) is { } officer)
        {
            doc.AgencyId = officer.AgencyId;
        }
    }
}
