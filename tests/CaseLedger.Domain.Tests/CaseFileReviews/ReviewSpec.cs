using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Audit;
using CaseLedger.Domain.CaseFileReviews;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.SupervisionMatters;

namespace CaseLedger.Domain.Tests.CaseFileReviews;

/// <summary>Given campaign events, when a command, then events or a refusal code. The organ is the county's legal affairs office.</summary>
internal sealed record ReviewSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-0000000rc001";

    public string Actor { get; init; } = "sv-1";
    public ReviewCampaignParties Parties { get; init; } = new(SupervisionFixtures.Office, [Fixtures.Agency(), ReviewFixtures.OtherAgency], ReviewFixtures.Candidates);
    public FileUnderReview? File { get; init; } = new(ReviewFixtures.Served, []);

    public ReviewCampaignState? State => History.Aggregate((ReviewCampaignState?)null, ReviewCampaign.Evolve);

    public ReviewSpec As(string actor) => this with { Actor = actor };

    public ReviewSpec With(params Finding[] findings) => this with { File = new(ReviewFixtures.Served, findings) };

    public Decision When(IReviewCampaignCommand command)
    {
        IReadOnlyCollection<string> acting = State is not { } s ? [(command as OpenReviewCampaign)?.Body ?? SupervisionSpec.Office]
            : command is ScoreCaseFile ? ReviewCampaign.ScoringAgencies(s) : [s.Body];
        var officer = ReviewFixtures.Officers[Actor];
        var context = new CaseContext(Fixtures.At(Fixtures.Today), new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), Id,
            ReviewFixtures.Officers, null, Fixtures.Calendar) { ActingAgencies = acting };
        return ReviewCampaign.Decide(command, State, context, State is null ? Parties : null, command is ScoreCaseFile ? File : null);
    }

    public ReviewSpec Then(IReviewCampaignCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused)
            throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }
}

/// <summary>
/// The reviewed agencies' files: seven of Licheng's decided in 2025 (Fixtures' case among them), one decided before the period, and two
/// of another market regulator; supervision staff of the organ, of another organ and of a reviewed agency.
/// </summary>
internal static class ReviewFixtures
{
    public const string OtherAgencyId = "amr-other";
    public static readonly Agency OtherAgency = Fixtures.Agency() with { Id = OtherAgencyId, Name = "Other Market Regulation" };
    public static readonly LocalDate OpenedOn = new(2025, 6, 2);
    public static readonly LocalDate AssignedOn = new(2025, 6, 3);
    public static readonly LocalDate ScoredOn = new(2025, 6, 10);
    public static readonly string[] Two = ["sv-1", "sv-2"];

    /// <summary>Fixtures' served case with the SHA-256 of its notice, decision and proof of service on record.</summary>
    public static readonly PenaltyCaseState Served = Hashed(Scenarios.ServedCase().State!);

    public static PenaltyCaseState Hashed(PenaltyCaseState s) => s with
    {
        Notice = s.Notice! with { Documents = [Scenarios.Sha('1')] },
        Decision = s.Decision! with { Documents = [Scenarios.Sha('2')] },
        Service = s.Service! with { Documents = [Scenarios.Sha('3')] },
    };

    public static readonly IReadOnlyList<SampledFile> Candidates =
    [
        new(Fixtures.CaseId, "历市监罚〔2025〕1号", Fixtures.AgencyId, new LocalDate(2025, 2, 20)),
        .. Enumerable.Range(2, 6).Select(n => new SampledFile($"0f3c2a91-0000-4000-8000-00000000000{n}", $"历市监罚〔2025〕{n}号", Fixtures.AgencyId, new LocalDate(2025, 3, n))),
        new("0f3c2a91-0000-4000-8000-000000000099", "历市监罚〔2024〕99号", Fixtures.AgencyId, new LocalDate(2024, 12, 30)),
        new("0f3c2a91-0000-4000-8000-0000000000a1", "他市监罚〔2025〕1号", OtherAgencyId, new LocalDate(2025, 4, 1)),
        new("0f3c2a91-0000-4000-8000-0000000000a2", "他市监罚〔2025〕2号", OtherAgencyId, new LocalDate(2025, 4, 2)),
    ];

    public static readonly IReadOnlyDictionary<string, Officer> Officers = SupervisionFixtures.Officers.Values.Concat(new[]
    {
        SupervisionFixtures.Officers["sv-1"] with { Id = "sv-reviewed", AgencyId = Fixtures.AgencyId },
    }).ToDictionary(o => o.Id);

    public static OpenReviewCampaign Open(int size = 20, long seed = 20250602, string[]? agencies = null, string[]? supervisors = null) =>
        new("2025 年上半年行政处罚案卷评查", agencies ?? [Fixtures.AgencyId], new LocalDate(2025, 1, 1), new LocalDate(2025, 5, 31), size, OpenedOn,
            supervisors ?? Two, seed, SupervisionSpec.Office);

    public static AssignReviewers Assign(params string[] reviewers) => new(reviewers.Length == 0 ? ["sv-elsewhere"] : reviewers, AssignedOn, Two);

    public static IReadOnlyList<ReviewerScore> Marks(int facts = 10) =>
    [
        new(ChecklistItem.Body, 5, "执法主体适格"),
        new(ChecklistItem.FactsAndEvidence, facts, facts < 10 ? "现场笔录未载明检查时间" : "事实清楚，证据充分"),
        new(ChecklistItem.Basis, 10, "适用法律正确"),
        new(ChecklistItem.Discretion, 5, "裁量适当"),
    ];

    public static ScoreCaseFile Score(string reviewer = "sv-elsewhere", int facts = 10) => new(Fixtures.CaseId, reviewer, ScoredOn, Marks(facts));

    public static ReviewSpec Opened() => new ReviewSpec([]).Then(Open());

    public static ReviewSpec Assigned() => Opened().Then(Assign());
}
