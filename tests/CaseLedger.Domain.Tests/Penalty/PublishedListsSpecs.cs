using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.Tests.Penalty;

using static Scenarios;

/// <summary>
/// I8 completed (行政处罚法 Art. 34; 山东省行政执法监督条例 Art. 12): a discretionary decision cites an item, and a level of it, of the
/// agency's published discretion benchmark catalogue in force on the decision's date.
/// </summary>
public class when_a_decision_cites_the_discretion_benchmarks
{
    private static readonly LocalDate V1From = new(2024, 1, 1);
    private static readonly LocalDate V2From = new(2025, 2, 20);

    private static DiscretionItem Item(string code, decimal? min = 1_000m, decimal? max = 10_000m) =>
        new(code, "未按规定公示", "食品安全法 Art. 126", [new DiscretionLevel("ordinary", "一般情节", min, max), new DiscretionLevel("lighter", "轻微", 0m, 1_000m)]);

    /// <summary>Version 1 from 2024 holds AMR-2024-17; version 2 from 2025-02-20 (the decision day) replaces it with AMR-2025-01.</summary>
    public static PublishedLists Lists(LocalDate? v2From = null) =>
        new(PublishedLists.StreamId(Fixtures.AgencyId), Fixtures.AgencyId, null,
            [new DiscretionCatalogue(1, V1From, "文号 1", [Item("AMR-2024-17")]), new DiscretionCatalogue(2, v2From ?? V2From, "文号 2", [Item("AMR-2025-01")])], []);

    [Fact]
    public void an_item_of_the_catalogue_in_force_is_cited_and_its_version_recorded_art_12()
    {
        var made = NotifiedCase().With(Lists(v2From: new LocalDate(2025, 6, 1))).When(Decide()).Single<DecisionMade>();
        Assert.Equal(1, made.Discretion!.CatalogueVersion);
    }

    [Fact]
    public void an_item_that_is_in_no_catalogue_is_refused_art_12() =>
        NotifiedCase().With(Lists()).When(Decide(discretion: Benchmark with { BenchmarkItem = "internal-rule-9" })).Refused(RefusalCodes.DiscretionItemUnknown);

    [Fact]
    public void an_item_of_a_catalogue_no_longer_in_force_is_refused_art_12() =>
        NotifiedCase().With(Lists()).When(Decide()).Refused(RefusalCodes.DiscretionItemUnknown);

    [Fact]
    public void the_version_in_force_on_the_decision_date_is_the_one_checked_art_12()
    {
        var made = NotifiedCase().With(Lists()).When(Decide(discretion: Benchmark with { BenchmarkItem = "AMR-2025-01" })).Single<DecisionMade>();
        Assert.Equal(2, made.Discretion!.CatalogueVersion);
    }

    [Fact]
    public void a_level_the_item_does_not_hold_is_refused_art_34() =>
        NotifiedCase().With(Lists(v2From: new LocalDate(2025, 6, 1))).When(Decide(discretion: Benchmark with { Level = "heaviest" }))
            .Refused(RefusalCodes.DiscretionItemUnknown);

    [Fact]
    public void a_fine_outside_the_levels_range_is_refused_art_34() =>
        NotifiedCase().With(Lists(v2From: new LocalDate(2025, 6, 1))).When(Decide(discretion: Benchmark with { Level = "lighter" }))
            .Refused(RefusalCodes.DiscretionOutOfRange);

    [Fact]
    public void a_version_claimed_by_the_request_is_replaced_by_the_one_checked()
    {
        var made = NotifiedCase().With(Lists(v2From: new LocalDate(2025, 6, 1))).When(Decide(discretion: Benchmark with { CatalogueVersion = 7 })).Single<DecisionMade>();
        Assert.Equal(1, made.Discretion!.CatalogueVersion);
    }

    [Fact]
    public void an_agency_without_a_catalogue_in_force_is_held_to_the_citation_alone()
    {
        var made = NotifiedCase().When(Decide()).Single<DecisionMade>();
        Assert.Null(made.Discretion!.CatalogueVersion);
        NotifiedCase().When(Decide(withoutDiscretion: true)).Refused(RefusalCodes.DiscretionReasonRequired);
    }

    [Fact]
    public void before_the_first_version_takes_effect_the_citation_alone_is_checked()
    {
        var lists = Lists() with { Catalogues = [new DiscretionCatalogue(1, new LocalDate(2025, 6, 1), "文号", [Item("AMR-2025-01")])] };
        Assert.Null(NotifiedCase().With(lists).When(Decide()).Single<DecisionMade>().Discretion!.CatalogueVersion);
    }

    [Fact]
    public void an_on_the_spot_decision_cites_the_catalogue_in_force_too_art_12()
    {
        var on = new LocalDate(2025, 3, 3);
        var spot = new DecideOnTheSpot(new PenaltyTerm(PenaltyKind.Fine, 100m), "F-0001", "zhang", on, Benchmark with { Level = "lighter" });
        HeardLead(on).With(Lists()).When(spot).Refused(RefusalCodes.DiscretionItemUnknown);
        var made = HeardLead(on).With(Lists()).When(spot with { Discretion = spot.Discretion! with { BenchmarkItem = "AMR-2025-01" } }).Single<OnTheSpotDecisionMade>();
        Assert.Equal(2, made.Discretion!.CatalogueVersion);
    }
}

/// <summary>The published lists are versioned, never edited (山东省行政执法监督条例 Arts. 9, 12, 15).</summary>
public class when_publishing_the_lists
{
    private static readonly Actor Admin = new("registrar", "registrar", new HashSet<Role> { Role.Admin }, null);
    private static readonly Instant Now = Fixtures.At(Fixtures.Today);
    private static readonly Agencies.Agency Agency = Fixtures.Agency();
    private static readonly IReadOnlyList<DiscretionItem> Items =
        [new("A-1", "未按规定公示", "食品安全法 Art. 126", [new DiscretionLevel("ordinary", "一般情节", 1_000m, 10_000m)])];

    private static PublishedLists? After(PublishedLists? lists, Decision decision) =>
        decision.Events.Aggregate(lists, PublishedLists.Evolve);

    [Fact]
    public void catalogue_versions_are_numbered_and_each_takes_effect_after_the_last_art_12()
    {
        var v1 = Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号 1", Items), null, Agency, Admin, Now);
        var lists = After(null, v1);
        Assert.Equal(1, v1.Single<DiscretionCatalogueIssued>().Version);
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号 2", Items), lists, Agency, Admin, Now).Refused(RefusalCodes.DateOutOfOrder);
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2023, 6, 1), "文号 2", Items), lists, Agency, Admin, Now).Refused(RefusalCodes.DateOutOfOrder);
        Assert.Equal(2, Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2025, 1, 1), "文号 2", Items), lists, Agency, Admin, Now)
            .Single<DiscretionCatalogueIssued>().Version);
    }

    [Fact]
    public void the_same_catalogue_sent_again_appends_nothing()
    {
        var command = new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号 1", Items);
        var lists = After(null, Publishing.Decide(command, null, Agency, Admin, Now));
        Publishing.Decide(command, lists, Agency, Admin, Now).AppendsNothing();
    }

    [Fact]
    public void each_item_has_a_code_once_a_basis_and_a_level()
    {
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号", [.. Items, .. Items]), null, Agency, Admin, Now).Refused(RefusalCodes.ValidationFailed);
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号", [Items[0] with { Basis = "" }]), null, Agency, Admin, Now).Refused(RefusalCodes.ValidationFailed);
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号", [Items[0] with { Levels = [] }]), null, Agency, Admin, Now).Refused(RefusalCodes.ValidationFailed);
        Publishing.Decide(new IssueDiscretionCatalogue(new LocalDate(2024, 1, 1), "文号", []), null, Agency, Admin, Now).Refused(RefusalCodes.ValidationFailed);
    }

    [Fact]
    public void the_powers_list_is_versioned_by_effective_date_art_15()
    {
        var powers = new List<EnforcementPower> { new("CF-1", "处罚", "penalty", "食品安全法 Art. 124", "稽查局", "一般程序") };
        var v1 = Publishing.Decide(new IssuePowersList(new LocalDate(2024, 1, 1), "文号", powers), null, Agency, Admin, Now);
        var lists = After(null, v1)!;
        var v2 = Publishing.Decide(new IssuePowersList(new LocalDate(2025, 1, 1), "文号 2", [.. powers, powers[0] with { Code = "CF-2" }]), lists, Agency, Admin, Now);
        lists = After(lists, v2)!;
        Assert.Equal(1, lists.PowersOn(new LocalDate(2024, 12, 31))!.Version);
        Assert.Equal(2, lists.PowersOn(new LocalDate(2025, 1, 1))!.Version);
        Assert.Null(lists.PowersOn(new LocalDate(2023, 12, 31)));
    }

    [Fact]
    public void an_announcement_names_who_confirmed_the_body_and_is_not_dated_in_the_future_art_9()
    {
        Publishing.Decide(new AnnounceEnforcementBody("济南市人民政府", "济政字〔2021〕35号", "食品安全法 Art. 6", Fixtures.Today.PlusDays(1)), null, Agency, Admin, Now)
            .Refused(RefusalCodes.DateOutOfOrder);
        Publishing.Decide(new AnnounceEnforcementBody("", "济政字〔2021〕35号", "食品安全法 Art. 6", Fixtures.Today), null, Agency, Admin, Now)
            .Refused(RefusalCodes.ValidationFailed);
        var announced = Publishing.Decide(new AnnounceEnforcementBody("济南市人民政府", "济政字〔2021〕35号", "食品安全法 Art. 6", Fixtures.Today), null, Agency, Admin, Now);
        Assert.Equal("济南市人民政府", announced.Single<EnforcementBodyAnnounced>().ConfirmedBy);
    }
}
