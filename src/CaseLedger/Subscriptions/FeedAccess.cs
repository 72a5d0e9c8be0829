using CaseLedger.Access;
using CaseLedger.Domain;
using CaseLedger.Domain.Officers;
using Marten;
using NodaTime;

namespace CaseLedger.Subscriptions;

/// <summary>
/// What an administrator granted an integrator: the agencies whose cases it may follow and the event
/// types it may see (<see cref="FeedTypes"/>); <c>"*"</c> stands for all. One document per integrator,
/// replaced as a whole.
/// </summary>
public sealed record IntegratorGrant(
    string Id,
    IReadOnlyList<string> Agencies,
    IReadOnlyList<string> EventTypes,
    string GrantedBy,
    Instant GrantedAt);

/// <summary>
/// Who sees which events: the one rule the feed, the live stream and webhooks all apply. Null sets mean
/// "all". An administrator sees everything; an integrator what its grant names; anyone else nothing.
/// </summary>
public sealed record FeedAccess(IReadOnlySet<string>? Agencies, IReadOnlySet<string>? EventTypes)
{
    public static readonly FeedAccess Everything = new(null, null);
    public static readonly FeedAccess Nothing = new(new HashSet<string>(), new HashSet<string>());

    public bool IsEmpty => Agencies is { Count: 0 } || EventTypes is { Count: 0 };

    /// <summary>The same for equal access whatever the order of its sets: what a page read for it is shared under.</summary>
    public string Key => $"{KeyOf(Agencies)}|{KeyOf(EventTypes)}";

    private static string KeyOf(IReadOnlySet<string>? values) =>
        values is null ? FeedTypes.All : string.Join(',', values.Order(StringComparer.Ordinal));

    /// <summary>
    /// The rule: an event is seen when its type is granted and one of the agencies granted is of its audience
    /// (<see cref="FeedEvent.Audience"/>: a case's agency; a linked proceeding's agencies, <see cref="ProceedingAudience"/>;
    /// an agency's lists; none for a signed checkpoint, seen by whoever is granted its type). The feed's query
    /// (<see cref="FeedReader"/>) selects exactly these.
    /// </summary>
    public bool Sees(FeedEvent e) =>
        (Agencies is null || e.Audience is null || e.Audience.Any(Agencies.Contains)) && (EventTypes is null || EventTypes.Contains(e.Type));

    /// <summary>This access narrowed further by a filter (a subscription's); an empty or absent filter narrows nothing.</summary>
    public FeedAccess Narrow(IReadOnlyCollection<string>? agencies, IReadOnlyCollection<string>? eventTypes) =>
        new(Intersect(Agencies, agencies), Intersect(EventTypes, eventTypes));

    public static FeedAccess Of(IntegratorGrant grant) => new(SetOf(grant.Agencies), SetOf(grant.EventTypes));

    /// <summary>The events <paramref name="actor"/> may see.</summary>
    public static async Task<FeedAccess> ForAsync(IQuerySession session, Actor actor, CancellationToken ct)
    {
        if (actor.Has(Role.Admin)) return Everything;
        if (!actor.Has(Role.Integrator)) return Nothing;
        var grant = await session.LoadAsync<IntegratorGrant>(actor.Id, ct);
        return grant is null ? Nothing : Of(grant);
    }

    /// <summary>The same rule for a stored actor id (a subscription's owner): a removed owner sees nothing.</summary>
    public static async Task<FeedAccess> ForActorAsync(IQuerySession session, string actorId, CancellationToken ct)
    {
        if (actorId == ApiTokens.BootstrapAdminId) return Everything;
        var officer = await session.LoadAsync<Officer>(actorId, ct);
        return officer is null
            ? Nothing
            : await ForAsync(session, new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), ct);
    }

    private static HashSet<string>? SetOf(IReadOnlyList<string> values) =>
        values.Contains(FeedTypes.All) ? null : values.ToHashSet(StringComparer.Ordinal);

    private static IReadOnlySet<string>? Intersect(IReadOnlySet<string>? granted, IReadOnlyCollection<string>? filter)
    {
        if (filter is null || filter.Count == 0 || filter.Contains(FeedTypes.All)) return granted;
        return granted is null ? filter.ToHashSet(StringComparer.Ordinal) : granted.Intersect(filter, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
    }
}
