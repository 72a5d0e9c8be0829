using NodaTime;

namespace CaseLedger.Domain.Agencies;

// What an agency must publish (山东省行政执法监督条例 Arts. 9, 12, 15): its confirmation as an enforcement body (执法主体公告), its
// discretion benchmark catalogue (裁量基准, also 行政处罚法 Art. 34) and its powers with their bases (权责清单). One stream per
// agency, "lists:{agencyId}", beside the agency's own: versions are added, never edited; the version in force on a date is the
// latest effective on or before it.

/// <summary>One level of a benchmark item, with the fine range it allows (yuan; null bounds: none).</summary>
public sealed record DiscretionLevel(string Level, string Description, decimal? MinFine = null, decimal? MaxFine = null);

/// <summary>An item of the catalogue: the code a decision cites, the violation it covers, its legal basis and levels.</summary>
public sealed record DiscretionItem(string Code, string Title, string Basis, IReadOnlyList<DiscretionLevel> Levels);

/// <summary>A power on the list: what it is (penalty, coercion, licensing, inspection, …), its legal basis, the post that exercises it and its procedure.</summary>
public sealed record EnforcementPower(string Code, string Name, string Kind, string Basis, string Post, string Procedure);

public sealed record EnforcementBodyAnnounced(
    string AgencyId,
    string ConfirmedBy,
    string Reference,
    string Basis,
    LocalDate AnnouncedOn,
    string RecordedBy,
    Instant RecordedAt);

public sealed record DiscretionCatalogueIssued(
    string AgencyId,
    int Version,
    LocalDate EffectiveFrom,
    string Reference,
    IReadOnlyList<DiscretionItem> Items,
    string RecordedBy,
    Instant RecordedAt);

public sealed record PowersListIssued(
    string AgencyId,
    int Version,
    LocalDate EffectiveFrom,
    string Reference,
    IReadOnlyList<EnforcementPower> Powers,
    string RecordedBy,
    Instant RecordedAt);

public sealed record Announcement(string ConfirmedBy, string Reference, string Basis, LocalDate AnnouncedOn);

public sealed record DiscretionCatalogue(int Version, LocalDate EffectiveFrom, string Reference, IReadOnlyList<DiscretionItem> Items);

public sealed record PowersList(int Version, LocalDate EffectiveFrom, string Reference, IReadOnlyList<EnforcementPower> Powers);

/// <summary><c>POST /api/agencies/{id}/announcement</c>: the government confirmed the agency as an enforcement body and announced it.</summary>
public sealed record AnnounceEnforcementBody(string? ConfirmedBy, string? Reference, string? Basis, LocalDate AnnouncedOn);

/// <summary><c>POST /api/agencies/{id}/discretion-catalogue</c>: a new version of the discretion benchmark catalogue.</summary>
public sealed record IssueDiscretionCatalogue(LocalDate EffectiveFrom, string? Reference, IReadOnlyList<DiscretionItem>? Items);

/// <summary><c>POST /api/agencies/{id}/powers</c>: a new version of the list of powers and their bases.</summary>
public sealed record IssuePowersList(LocalDate EffectiveFrom, string? Reference, IReadOnlyList<EnforcementPower>? Powers);

/// <summary>An agency's published lists: the write model of its lists stream and what the public pages show.</summary>
public sealed record PublishedLists(
    string Id,
    string AgencyId,
    Announcement? Announcement,
    IReadOnlyList<DiscretionCatalogue> Catalogues,
    IReadOnlyList<PowersList> PowersLists)
{
    public const string StreamPrefix = "lists:";

    public static string StreamId(string agencyId) => StreamPrefix + agencyId;

    public static IReadOnlyList<Type> EventTypes { get; } = [typeof(EnforcementBodyAnnounced), typeof(DiscretionCatalogueIssued), typeof(PowersListIssued)];

    /// <summary>The catalogue in force on <paramref name="date"/>, or null before the first version.</summary>
    public DiscretionCatalogue? CatalogueOn(LocalDate date) => Catalogues.Where(c => c.EffectiveFrom <= date).MaxBy(c => c.EffectiveFrom);

    public PowersList? PowersOn(LocalDate date) => PowersLists.Where(p => p.EffectiveFrom <= date).MaxBy(p => p.EffectiveFrom);

    public static PublishedLists? Evolve(PublishedLists? lists, object @event)
    {
        var agencyId = @event switch
        {
            EnforcementBodyAnnounced e => e.AgencyId,
            DiscretionCatalogueIssued e => e.AgencyId,
            PowersListIssued e => e.AgencyId,
            _ => null,
        };
        if (agencyId is null) return lists;
        lists ??= new PublishedLists(StreamId(agencyId), agencyId, null, [], []);
        return @event switch
        {
            EnforcementBodyAnnounced e => lists with { Announcement = new Announcement(e.ConfirmedBy, e.Reference, e.Basis, e.AnnouncedOn) },
            DiscretionCatalogueIssued e => lists with { Catalogues = [.. lists.Catalogues, new DiscretionCatalogue(e.Version, e.EffectiveFrom, e.Reference, e.Items)] },
            PowersListIssued e => lists with { PowersLists = [.. lists.PowersLists, new PowersList(e.Version, e.EffectiveFrom, e.Reference, e.Powers)] },
            _ => lists,
        };
    }
}
