using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Reconsideration;
using CaseLedger.Domain.Tests.Penalty;

namespace CaseLedger.Domain.Tests.Reconsideration;

/// <summary>Given reconsideration events and the contested case, when a command, then events or a refusal code.</summary>
internal sealed record ReconsiderationSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-00000000r001";

    public string Actor { get; init; } = "rc-staff1";
    public LocalDate Today { get; init; } = Fixtures.Today;
    public PenaltyCaseState? Contested { get; init; } = Scenarios.ServedCase().State;

    public ReconsiderationState? State => History.Aggregate((ReconsiderationState?)null, ReconsiderationCase.Evolve);

    public ReconsiderationSpec As(string actor) => this with { Actor = actor };

    public ReconsiderationSpec On(LocalDate today) => this with { Today = today };

    public ReconsiderationSpec Contesting(PenaltyCaseState? contested) => this with { Contested = contested };

    public Decision When(IReconsiderationCommand command) => ReconsiderationCase.Decide(command, State, RemedyFixtures.Context(Id, Actor, Today), Contested);

    public ReconsiderationSpec Then(IReconsiderationCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused)
            throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }
}

/// <summary>The penalty fixtures plus the staff of a reconsideration body and a petition office.</summary>
internal static class RemedyFixtures
{
    public static readonly IReadOnlyDictionary<string, Officer> Officers = Fixtures.Officers.Values.Concat(new[]
    {
        Officer("rc-staff1", [Role.ReconsiderationStaff], qualified: true),
        Officer("rc-staff2", [Role.ReconsiderationStaff], qualified: true),
        Officer("rc-staff3", [Role.ReconsiderationStaff], qualified: true),
        Officer("rc-unqualified", [Role.ReconsiderationStaff], qualified: false),
        Officer("rc-veteran", [Role.ReconsiderationStaff], qualified: false) with { ReviewingSince = new LocalDate(2019, 5, 6) },
        Officer("rc-since-2024", [Role.ReconsiderationStaff], qualified: false) with { ReviewingSince = new LocalDate(2024, 1, 1) },
        Officer("rc-head", [Role.AgencyHead, Role.ReconsiderationStaff], qualified: true),
    }).ToDictionary(o => o.Id);

    public static CaseContext Context(string streamId, string actor, LocalDate today)
    {
        var officer = Officers[actor];
        return new CaseContext(Fixtures.At(today), new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), streamId,
            Officers, Fixtures.Agency(), Fixtures.Calendar);
    }

    private static Officer Officer(string id, Role[] roles, bool qualified) =>
        new(id, id, "gov-licheng", roles, qualified, [], Instant.FromUtc(2020, 1, 1, 0, 0));
}

/// <summary>
/// The reconsideration timeline (2025): the 5,000-yuan decision of 02-20 served 02-21 (knew of it); applied Mon 03-10;
/// accepted 03-12; copy sent and received 03-13 (reply due 03-27); reply 03-20; decided 04-10.
/// </summary>
internal static class ReconsiderationScenarios
{
    public static readonly LocalDate KnewOn = new(2025, 2, 21);
    public static readonly LocalDate AppliedOn = new(2025, 3, 10);
    public static readonly LocalDate AcceptedOn = new(2025, 3, 12);
    public static readonly LocalDate CopyOn = new(2025, 3, 13);
    public static readonly LocalDate RepliedOn = new(2025, 3, 20);
    public static readonly LocalDate DecidedOn = new(2025, 4, 10);
    public static readonly string[] TwoStaff = ["rc-staff1", "rc-staff2"];

    public static string Sha(char c) => new(c, 64);

    public static ApplyForReconsideration Apply(LocalDate? appliedOn = null, LocalDate? knewOn = null, bool notice = true, LocalDate? learned = null,
        IReadOnlyList<string>? thirdParties = null) =>
        new(Fixtures.CaseId, new Party(PartyKind.Citizen, "Wang Wu", "370102199001011234"), knewOn ?? KnewOn, appliedOn ?? AppliedOn, notice,
            "Licheng District People's Government", "Revoke the fine", learned, ThirdParties: thirdParties, ReceivedBy: ["rc-staff1"]);

    public static AcceptApplication Accept(LocalDate? on = null, ReconsiderationProcedure procedure = ReconsiderationProcedure.General, bool major = false,
        bool partiesAgree = false) =>
        new(on ?? AcceptedOn, ["rc-staff1"], procedure, partiesAgree, major);

    public static SendCopy Copy(LocalDate? on = null) => new(on ?? CopyOn, null, ["rc-staff1"]);

    public static SubmitReply Reply(LocalDate? on = null) => new(on ?? RepliedOn, Sha('e'), ["rc-staff1"]);

    public static DecideReconsideration Decide(ReconsiderationDecisionType type = ReconsiderationDecisionType.Revoke, DecisionGround? ground = null,
        IReadOnlyList<PenaltyTerm>? penalties = null, LocalDate? on = null, bool thirdParty = false) =>
        new(type, [ground ?? ReconsiderationLaw.GroundsFor(type)[0]], "rc-head", on ?? DecidedOn, "Reasons stated", penalties, thirdParty,
            Staff: TwoStaff, DecisionSha256: Sha('d'));

    public static ReconsiderationSpec Applied(IReadOnlyList<string>? thirdParties = null) => new ReconsiderationSpec([]).Then(Apply(thirdParties: thirdParties));

    public static ReconsiderationSpec AcceptedCase(bool major = false, IReadOnlyList<string>? thirdParties = null) =>
        Applied(thirdParties).Then(Accept(major: major));

    public static ReconsiderationSpec CopiedCase(bool major = false) => AcceptedCase(major).Then(Copy());

    public static ReconsiderationSpec RepliedCase(IReadOnlyList<string>? thirdParties = null) =>
        AcceptedCase(thirdParties: thirdParties).Then(Copy()).Then(Reply());
}
