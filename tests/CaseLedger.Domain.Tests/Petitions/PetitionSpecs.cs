using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Petitions;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.Reconsideration;

namespace CaseLedger.Domain.Tests.Petitions;

/// <summary>A petition about the 5,000-yuan decision: lodged 2025-03-03, accepted 03-10, answered 04-20, review 05-10 → 05-30, re-review 06-20 → 06-28.</summary>
internal sealed record PetitionSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-00000000p001";
    public LocalDate Today { get; init; } = Fixtures.Today;
    public PetitionState? Earlier { get; init; }

    public PetitionState? State => History.Aggregate((PetitionState?)null, PetitionCase.Evolve);

    public Decision When(IPetitionCommand command) =>
        PetitionCase.Decide(command, State, RemedyFixtures.Context(Id, "zhang", Today), Earlier, Scenarios.ServedCase().State);

    public PetitionSpec Then(IPetitionCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused) throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }

    public static string Sha(char c) => new(c, 64);

    public static LodgePetition Lodge(string? sameFactsAs = null) =>
        new(new Party(PartyKind.Citizen, "Wang Wu", "370102199001011234"), "The fine is unjust", new LocalDate(2025, 3, 3), CaseId: Fixtures.CaseId, SameFactsAs: sameFactsAs);

    public static PetitionSpec Lodged() => new PetitionSpec([]).Then(Lodge());
    public static PetitionSpec Accepted() => Lodged().Then(new AcceptPetition(new LocalDate(2025, 3, 10)));
    public static PetitionSpec Replied() => Accepted().Then(new ReplyPetition(new LocalDate(2025, 4, 20), PetitionOutcome.NotSupported, Sha('a')));
    public static PetitionSpec Reviewed() => Replied().Then(new RequestPetitionReview(new LocalDate(2025, 5, 10)))
        .Then(new ReplyPetitionReview(new LocalDate(2025, 5, 30), PetitionOutcome.NotSupported, Sha('b')));
    public static PetitionSpec Closed() => Reviewed().Then(new RequestPetitionReReview(new LocalDate(2025, 6, 20)))
        .Then(new ReplyPetitionReReview(new LocalDate(2025, 6, 28), PetitionOutcome.NotSupported, Sha('c')));
}

public class when_handling_a_petition
{
    [Fact]
    public void registration_and_written_notice_within_15_days_art_22_23()
    {
        Assert.Equal(new LocalDate(2025, 3, 18), PetitionSpec.Lodged().State!.Lodging.NoticeDueOn);
        Assert.Equal(new LocalDate(2025, 5, 9), PetitionSpec.Accepted().State!.Acceptance!.HandlingDueOn);
    }

    [Fact]
    public void a_matter_for_reconsideration_is_routed_there_art_31()
    {
        var routed = PetitionSpec.Lodged().When(new RoutePetition(PetitionChannel.Reconsideration, new LocalDate(2025, 3, 10), "Contests a penalty decision",
            Fixtures.CaseId, new LocalDate(2025, 2, 21), Body: "gov-licheng", ReconsiderationId: "r-1")).Single<PetitionRouted>();
        Assert.Equal("r-1", routed.ReconsiderationId);
    }

    [Fact]
    public void a_routing_to_reconsideration_that_would_be_late_is_refused_art_31() =>
        PetitionSpec.Lodged().On(new LocalDate(2025, 6, 30)).When(new RoutePetition(PetitionChannel.Reconsideration, new LocalDate(2025, 6, 2), "Contests a penalty",
            Fixtures.CaseId, new LocalDate(2025, 2, 21), Body: "gov-licheng", ReconsiderationId: "r-1")).Refused(RefusalCodes.ApplicationLate);

    [Fact]
    public void a_routed_petition_is_not_answered_as_a_petition_art_31() =>
        PetitionSpec.Lodged().Then(new RoutePetition(PetitionChannel.Litigation, new LocalDate(2025, 3, 5), "Belongs in court"))
            .When(new AcceptPetition(new LocalDate(2025, 3, 6))).Refused(RefusalCodes.CaseClosed);

    [Fact]
    public void one_extension_of_at_most_30_days_art_34()
    {
        var extended = PetitionSpec.Accepted().Then(new ExtendPetition(new LocalDate(2025, 5, 5), 30, "head", "Complex"));
        // 90 days after 2025-03-10 is Sun 06-08: the period ends on the next working day (民法典 Arts. 203–204).
        Assert.Equal(new LocalDate(2025, 6, 9), extended.State!.Extension!.HandlingDueOn);
        extended.When(new ExtendPetition(new LocalDate(2025, 5, 6), 10, "head", "Still complex")).Refused(RefusalCodes.ExtensionExhausted);
        PetitionSpec.Accepted().When(new ExtendPetition(new LocalDate(2025, 5, 5), 31, "head", "Complex")).Refused(RefusalCodes.ExtensionNotAllowed);
    }

    [Fact]
    public void review_requested_within_30_days_of_the_reply_art_35()
    {
        PetitionSpec.Replied().When(new RequestPetitionReview(new LocalDate(2025, 5, 20))).Single<PetitionReviewRequested>();
        PetitionSpec.Replied().When(new RequestPetitionReview(new LocalDate(2025, 5, 21))).Refused(RefusalCodes.ReviewRequestLate);
    }

    [Fact]
    public void re_review_requested_within_30_days_of_the_review_art_36()
    {
        // 30 days after 2025-05-30 is Sun 06-29: the window runs until Mon 06-30 (民法典 Arts. 203–204).
        PetitionSpec.Reviewed().When(new RequestPetitionReReview(new LocalDate(2025, 6, 30))).Single<PetitionReReviewRequested>();
        (PetitionSpec.Reviewed() with { Today = new LocalDate(2025, 7, 10) }).When(new RequestPetitionReReview(new LocalDate(2025, 7, 1))).Refused(RefusalCodes.ReviewRequestLate);
    }

    [Fact]
    public void nothing_is_accepted_again_after_re_review_art_36()
    {
        PetitionSpec.Closed().When(new RequestPetitionReview(new LocalDate(2025, 6, 29))).Refused(RefusalCodes.PetitionClosed);
        (new PetitionSpec([]) with { Earlier = PetitionSpec.Closed().State }).When(PetitionSpec.Lodge(sameFactsAs: PetitionSpec.Id))
            .Refused(RefusalCodes.PetitionClosed);
    }

    [Fact]
    public void a_new_petition_on_facts_not_yet_re_reviewed_is_accepted() =>
        (new PetitionSpec([]) with { Earlier = PetitionSpec.Reviewed().State }).When(PetitionSpec.Lodge(sameFactsAs: PetitionSpec.Id)).Single<PetitionLodged>();
}

internal static class PetitionSpecExtensions
{
    public static PetitionSpec On(this PetitionSpec spec, LocalDate today) => spec with { Today = today };
}

public class when_a_petitioner_lets_a_period_pass
{
    [Fact]
    public void an_unused_review_right_lapses_it_is_not_missed_art_35()
    {
        var review = CaseLedger.Domain.Petitions.PetitionCase.Deadlines(PetitionSpec.Replied().State!, Fixtures.Calendar, new LocalDate(2025, 6, 30))
            .Single(d => d.Key == "review-request");
        Assert.Equal(CaseLedger.Domain.Calendar.DeadlineOwner.Party, review.Owner);
        Assert.Equal(CaseLedger.Domain.Calendar.DeadlineStatus.Lapsed, review.Status);
    }
}
