using CaseLedger.Domain.Disputes;
using CaseLedger.Domain.Tests.CaseFileReviews;
using CaseLedger.Domain.Tests.Penalty;
using CaseLedger.Domain.Tests.SupervisionMatters;

namespace CaseLedger.Domain.Tests.Disputes;

/// <summary>
/// Given dispute events, when a command, then events or a refusal code. Licheng's market regulator (its head: <c>head</c>) disputes
/// with another market regulator (<c>other-head</c>) which of them is competent for Fixtures' case; the county's legal affairs office
/// (<c>sv-1</c>, <c>sv-2</c>) coordinates.
/// </summary>
internal sealed record DisputeSpec(IReadOnlyList<object> History)
{
    public const string Id = "0196a1b2-0000-7000-8000-0000000ds001";
    public const string Licheng = Fixtures.AgencyId;
    public const string Other = ReviewFixtures.OtherAgencyId;

    public string Actor { get; init; } = "sv-1";
    public DisputeParties Parties { get; init; } = new(SupervisionFixtures.Office, [Fixtures.Agency(), ReviewFixtures.OtherAgency], Licheng);

    public DisputeState? State => History.Aggregate((DisputeState?)null, Dispute.Evolve);

    public DisputeSpec As(string actor) => this with { Actor = actor };

    public Decision When(IDisputeCommand command)
    {
        var officer = SupervisionFixtures.Officers[Actor];
        IReadOnlyCollection<string> acting = command is RaiseDispute ? [officer.AgencyId] : [State?.Raising.Office ?? SupervisionSpec.Office];
        var context = new CaseContext(Fixtures.At(Fixtures.Today), new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId), Id,
            SupervisionFixtures.Officers, null, Fixtures.Calendar) { ActingAgencies = acting };
        return Dispute.Decide(command, State, context, State is null ? Parties : null);
    }

    public DisputeSpec Then(IDisputeCommand command, string? actor = null)
    {
        var decision = (actor is null ? this : As(actor)).When(command);
        if (decision.IsRefused)
            throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }
}

/// <summary>The dispute's timeline (2025): raised 05-06, agreed 05-20, ruled 06-03.</summary>
internal static class DisputeFixtures
{
    public static readonly LocalDate RaisedOn = new(2025, 5, 6);
    public static readonly LocalDate AgreedOn = new(2025, 5, 20);
    public static readonly LocalDate RuledOn = new(2025, 6, 3);
    public static readonly string[] Two = ["sv-1", "sv-2"];

    public static RaiseDispute Raise(string raisedBy = "head", string[]? agencies = null, string office = SupervisionSpec.Office,
        string? caseId = Fixtures.CaseId, DisputeKind kind = DisputeKind.Competence) =>
        new(kind, "网络销售过期食品案的管辖", agencies ?? [DisputeSpec.Other], office, RaisedOn, raisedBy, caseId);

    public static RecordDisputeAgreement Agree(string[] signedBy, string? competent = DisputeSpec.Other, string[]? supervisors = null) =>
        new(AgreedOn, "由平台所在地市场监管部门管辖", signedBy, supervisors ?? Two, Scenarios.Sha('c'), competent);

    public static RuleDispute Rule(string[] binds, string? competent = DisputeSpec.Other) =>
        new(RuledOn, "历城区人民政府", "本案由平台所在地市场监管部门管辖", binds, Two, Scenarios.Sha('d'), competent);

    public static DisputeSpec Raised() => new DisputeSpec([]).Then(Raise(), "head");
}
