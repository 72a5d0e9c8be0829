using NodaTime;

namespace CaseLedger.Domain.Agencies;

/// <summary>Decisions on an agency's lists stream (山东省行政执法监督条例 Arts. 9, 12, 15). Administrators only; the caller checks the role.</summary>
public static class Publishing
{
    public static Decision Decide(AnnounceEnforcementBody c, PublishedLists? lists, Agency agency, Actor actor, Instant now) =>
        (Valid.Required(c.ConfirmedBy, "confirmedBy") ?? Valid.Required(c.Reference, "reference") ?? Valid.Required(c.Basis, "basis")
            ?? Valid.Required(c.AnnouncedOn, "announcedOn") ?? NotLater(c.AnnouncedOn, now, "announcedOn"))
        .Then(() => lists?.Announcement == new Announcement(c.ConfirmedBy!.Trim(), c.Reference!.Trim(), c.Basis!.Trim(), c.AnnouncedOn)
            ? Decision.Nothing
            : Decision.Accept(new EnforcementBodyAnnounced(agency.Id, c.ConfirmedBy.Trim(), c.Reference.Trim(), c.Basis.Trim(), c.AnnouncedOn, actor.Id, now)));

    public static Decision Decide(IssueDiscretionCatalogue c, PublishedLists? lists, Agency agency, Actor actor, Instant now)
    {
        var previous = lists?.Catalogues.LastOrDefault();
        if (previous is not null && previous.EffectiveFrom == c.EffectiveFrom && previous.Reference == c.Reference?.Trim()
            && previous.Items.Count == (c.Items?.Count ?? -1) && previous.Items.Zip(c.Items!).All(p => Same(p.First, p.Second)))
            return Decision.Nothing;
        return (Valid.Required(c.EffectiveFrom, "effectiveFrom") ?? Valid.Required(c.Reference, "reference")
                ?? (c.Items is not { Count: > 0 } ? Valid.Fail("A catalogue lists at least one item.") : null)
                ?? Items(c.Items!)
                ?? After(previous?.EffectiveFrom, c.EffectiveFrom, "catalogue"))
            .Then(() => Decision.Accept(new DiscretionCatalogueIssued(agency.Id, (previous?.Version ?? 0) + 1, c.EffectiveFrom, c.Reference!.Trim(),
                [.. c.Items!.Select(i => i with { Code = i.Code.Trim() })], actor.Id, now)));
    }

    public static Decision Decide(IssuePowersList c, PublishedLists? lists, Agency agency, Actor actor, Instant now)
    {
        var previous = lists?.PowersLists.LastOrDefault();
        if (previous is not null && previous.EffectiveFrom == c.EffectiveFrom && previous.Reference == c.Reference?.Trim()
            && c.Powers is not null && previous.Powers.SequenceEqual(c.Powers))
            return Decision.Nothing;
        return (Valid.Required(c.EffectiveFrom, "effectiveFrom") ?? Valid.Required(c.Reference, "reference")
                ?? (c.Powers is not { Count: > 0 } ? Valid.Fail("A list of powers holds at least one power.") : null)
                ?? (c.Powers!.Any(p => p is null || string.IsNullOrWhiteSpace(p.Code) || string.IsNullOrWhiteSpace(p.Name) || string.IsNullOrWhiteSpace(p.Basis))
                    ? Valid.Fail("Each power has a code, a name and its legal basis.")
                    : null)
                ?? (c.Powers!.Select(p => p.Code.Trim()).Distinct().Count() != c.Powers!.Count ? Valid.Fail("Each power's code appears once.") : null)
                ?? After(previous?.EffectiveFrom, c.EffectiveFrom, "list of powers"))
            .Then(() => Decision.Accept(new PowersListIssued(agency.Id, (previous?.Version ?? 0) + 1, c.EffectiveFrom, c.Reference!.Trim(), c.Powers!, actor.Id, now)));
    }

    /// <summary>
    /// I8 completed (行政处罚法 Art. 34; 山东省行政执法监督条例 Art. 12): a discretionary decision on a date when the agency has a catalogue
    /// in force cites one of its items and one of that item's levels, and a fine stays within the level's range. Before an agency's
    /// first catalogue takes effect the citation is checked for its presence only (<see cref="Penalty.Law.Cites"/>), as before
    /// catalogues were kept. Answers the refusal, or the version the citation was checked against (null: none in force).
    /// </summary>
    public static (Refusal? Refusal, int? Version) Check(Penalty.Discretion? discretion, IReadOnlyList<Penalty.PenaltyTerm> penalties,
        PublishedLists? lists, LocalDate decidedOn)
    {
        if (!Penalty.Law.Discretionary(penalties) || lists?.CatalogueOn(decidedOn) is not { } catalogue) return (null, null);
        var item = catalogue.Items.FirstOrDefault(i => i.Code == discretion?.BenchmarkItem?.Trim());
        if (item is null)
            return (new Refusal(RefusalCodes.DiscretionItemUnknown,
                $"'{discretion?.BenchmarkItem}' is no item of the discretion benchmark catalogue in force on {Dates.Show(decidedOn)} (version {catalogue.Version}, {catalogue.Reference}); cite one of: {string.Join(", ", catalogue.Items.Take(20).Select(i => i.Code))}."), catalogue.Version);
        var level = item.Levels.FirstOrDefault(l => l.Level == discretion!.Level?.Trim());
        if (level is null)
            return (new Refusal(RefusalCodes.DiscretionItemUnknown,
                $"Item {item.Code} has no level '{discretion!.Level}'; its levels: {string.Join(", ", item.Levels.Select(l => l.Level))}."), catalogue.Version);
        var fine = penalties.Where(p => p.Kind == Penalty.PenaltyKind.Fine).Sum(p => p.Amount ?? 0);
        return penalties.Any(p => p.Kind == Penalty.PenaltyKind.Fine) && (fine < level.MinFine || fine > level.MaxFine)
            ? (new Refusal(RefusalCodes.DiscretionOutOfRange,
                $"A fine of {Valid.Money(fine)} yuan is outside level '{level.Level}' of item {item.Code} ({Valid.Money(level.MinFine ?? 0)}–{(level.MaxFine is { } max ? Valid.Money(max) : "…")} yuan)."), catalogue.Version)
            : (null, catalogue.Version);
    }

    /// <summary>The citation as recorded: the catalogue version it was checked against, never one the request claims.</summary>
    public static Penalty.Discretion? Stamp(Penalty.Discretion? discretion, int? version) =>
        discretion is null ? null : discretion with { CatalogueVersion = version };

    private static Refusal? Items(IReadOnlyList<DiscretionItem> items) =>
        items.Any(i => i is null || string.IsNullOrWhiteSpace(i.Code) || string.IsNullOrWhiteSpace(i.Title) || string.IsNullOrWhiteSpace(i.Basis))
            ? Valid.Fail("Each item has a code, a title and its legal basis.")
        : items.Select(i => i.Code.Trim()).Distinct().Count() != items.Count ? Valid.Fail("Each item's code appears once.")
        : items.Any(i => i.Levels is not { Count: > 0 } || i.Levels.Any(l => l is null || string.IsNullOrWhiteSpace(l.Level)))
            ? Valid.Fail("Each item has at least one named level.")
        : items.SelectMany(i => i.Levels).Any(l => l.MinFine < 0 || l.MaxFine < l.MinFine)
            ? Valid.Fail("A level's fine range runs from a non-negative minFine up to maxFine.")
        : null;

    private static bool Same(DiscretionItem a, DiscretionItem b) =>
        a.Code == b.Code.Trim() && a.Title == b.Title && a.Basis == b.Basis && a.Levels.SequenceEqual(b.Levels);

    /// <summary>Versions follow one another: a new one takes effect after the last, so what was in force on a past date never changes.</summary>
    private static Refusal? After(LocalDate? previous, LocalDate effectiveFrom, string what) =>
        previous is { } last && effectiveFrom <= last
            ? new Refusal(RefusalCodes.DateOutOfOrder, $"The last {what} takes effect on {Dates.Show(last)}; a new version takes effect after it.")
            : null;

    private static Refusal? NotLater(LocalDate date, Instant now, string field) =>
        date > AgencyZone.Today(now) ? new Refusal(RefusalCodes.DateOutOfOrder, $"{field} may not be later than today.") : null;
}
