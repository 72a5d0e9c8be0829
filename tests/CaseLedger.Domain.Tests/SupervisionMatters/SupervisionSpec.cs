using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.SupervisionMatters;
using CaseLedger.Domain.Tests.Penalty;

namespace CaseLedger.Domain.Tests.SupervisionMatters;

/// <summary>Given supervision events, when a command, then events or a refusal code. The organ is the county's legal affairs office.</summary>
internal sealed record SupervisionSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-0000000sv001";
    public const string Office = "sfj-licheng";

    public string Actor { get; init; } = "sv-1";
    public LocalDate Today { get; init; } = Fixtures.Today;
    public SupervisionParties Parties { get; init; } = new(SupervisionFixtures.Office, Fixtures.Agency(), Scenarios.ServedCase().State);

    public SupervisionMatterState? State => History.Aggregate((SupervisionMatterState?)null, SupervisionMatter.Evolve);

    public SupervisionSpec As(string actor) => this with { Actor = actor };

    public SupervisionSpec On(LocalDate today) => this with { Today = today };

    public Decision When(ISupervisionCommand command)
    {
        var agencys = SupervisionMatter.IsAgencys(command);
        IReadOnlyCollection<string> acting = State is { } s ? [agencys ? s.AgencyId : s.Body] : [(command as OpenSupervisionMatter)?.Body ?? Office];
        var officer = SupervisionFixtures.Officers[Actor];
        var context = new CaseContext(Fixtures.At(Today), new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), Id,
            SupervisionFixtures.Officers, null, Fixtures.Calendar) { ActingAgencies = acting };
        return SupervisionMatter.Decide(command, State, context, State is null ? Parties : null);
    }

    public SupervisionSpec Then(ISupervisionCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused)
            throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }
}

/// <summary>The penalty fixtures plus the supervision staff of the county's legal affairs office and of another organ.</summary>
internal static class SupervisionFixtures
{
    public static readonly Agency Office = new(SupervisionSpec.Office, "Licheng Justice Bureau", AgencyLevel.County, SupervisionLaw.LegalAffairsDomain,
        [new PolicyVersion(new LocalDate(2020, 1, 1), AgencyPolicy.Default)]);

    public static readonly IReadOnlyDictionary<string, Officer> Officers = Fixtures.Officers.Values.Concat(new[]
    {
        Supervisor("sv-1"),
        Supervisor("sv-2"),
        Supervisor("sv-uncertified", certified: false),
        Supervisor("sv-expired", validTo: new LocalDate(2025, 3, 31)),
        Supervisor("sv-head", [Role.AgencyHead, Role.SupervisionStaff]),
        Supervisor("sv-elsewhere", agencyId: "sfj-other"),
        Supervisor("sv-elsewhere-2", agencyId: "sfj-other"),
    }).ToDictionary(o => o.Id);

    private static Officer Supervisor(string id, Role[]? roles = null, bool certified = true, LocalDate? validTo = null, string agencyId = SupervisionSpec.Office) =>
        new(id, id, agencyId, roles ?? [Role.SupervisionStaff], false,
            certified
                ? [new Certificate($"JD-{id.ToUpperInvariant()}", "enforcement-supervision", new LocalDate(2020, 1, 1), validTo ?? new LocalDate(2030, 12, 31), null, [],
                    CertificateKind.Supervision)]
                : [],
            Instant.FromUtc(2020, 1, 1, 0, 0));
}

/// <summary>
/// The supervision timeline (2025): the served 5,000-yuan decision of Fixtures; a complaint opens the matter on 03-03; files read
/// 03-10; the opinion issued 03-14 and received Mon 03-17, so the agency may correct itself until Wed 04-16; decided 04-21, received
/// 04-22 (report due Thu 05-22).
/// </summary>
internal static class SupervisionScenarios
{
    public static readonly LocalDate OpenedOn = new(2025, 3, 3);
    public static readonly LocalDate InvestigatedOn = new(2025, 3, 10);
    public static readonly LocalDate OpinionOn = new(2025, 3, 14);
    public static readonly LocalDate OpinionReceivedOn = new(2025, 3, 17);
    public static readonly LocalDate CorrectionDue = new(2025, 4, 16);
    public static readonly LocalDate DecidedOn = new(2025, 4, 21);
    public static readonly LocalDate DecisionReceivedOn = new(2025, 4, 22);
    public static readonly LocalDate ReportDue = new(2025, 5, 22);
    public static readonly string[] Two = ["sv-1", "sv-2"];

    public static string Sha(char c) => new(c, 64);

    public static OpenSupervisionMatter Open(string[]? supervisors = null, string body = SupervisionSpec.Office) =>
        new(SupervisionSource.Complaint, "罚款未说明理由", OpenedOn, supervisors ?? Two, CaseId: Fixtures.CaseId, Body: body, Complainant: "王五");

    public static InvestigateSupervisionMatter ReadFiles() => new(InvestigationMethod.ReadFiles, "调阅案卷", InvestigatedOn, Two, Sha('a'));

    public static IssueSupervisionOpinion Opinion() => new(["处罚决定主要事实不清"], OpinionOn, OpinionReceivedOn, Two, Sha('b'));

    public static DecideSupervisionMatter Decide(SupervisionDecisionType type = SupervisionDecisionType.Revoke, SupervisionGround ground = SupervisionGround.MainFactsUnclear,
        LocalDate? on = null, LocalDate? performBy = null) =>
        new(type, [ground], "sv-head", on ?? DecidedOn, (on ?? DecidedOn).PlusDays(1), Two, performBy, "主要事实不清", Sha('c'));

    public static SupervisionSpec Opened() => new SupervisionSpec([]).Then(Open());

    public static SupervisionSpec WithOpinion() => Opened().Then(ReadFiles()).Then(Opinion());

    public static SupervisionSpec Decided() => WithOpinion().Then(Decide());
}
