using CaseLedger.Domain.Agencies;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>decide-on-the-spot</c>: a warning or a small fine on a pre-printed, numbered form by one certified officer (Arts. 51–52).</summary>
public sealed record DecideOnTheSpot(
    PenaltyTerm? Penalty,
    string? FormNumber,
    string? OfficerId,
    LocalDate On,
    Discretion? Discretion = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId);
}

/// <summary><c>collect-on-the-spot</c>: only a fine of at most 100 yuan, or one hard to collect later or in a remote area (Arts. 68–69).</summary>
public sealed record CollectOnTheSpot(
    decimal Amount,
    CollectionGround Ground,
    string? ReceiptNumber,
    string? OfficerId,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId);
}

/// <summary><c>hand-over-cash</c>: the cash goes to the agency within 2 working days (Art. 71).</summary>
public sealed record HandOverCash(
    LocalDate On,
    string? OfficerId,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId);
}

/// <summary><c>file-copy</c>: the on-the-spot decision is filed with the agency (备案, Art. 52).</summary>
public sealed record FileCopy(
    LocalDate On,
    string? OfficerId,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId);
}

internal static class Simplified
{
    public static Decision Decide(DecideOnTheSpot c, PenaltyCaseState s, CaseContext context)
    {
        if (s.OnTheSpot is { } made && made.FormNumber == c.FormNumber && made.Penalty == c.Penalty) return Decision.Nothing;
        var step = new Step(c.On).Officer(c.OfficerId).After(s.DiscoveredOn, "discovery");
        return (Valid.Required(c.Penalty, "penalty") ?? Valid.Required(c.FormNumber, "formNumber") ?? Valid.Required(c.OfficerId, "officerId")
                ?? Valid.Required(c.On, "on") ?? Terms.Check(c.Penalty is null ? null : [c.Penalty], "penalty")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Procedure != Procedure.Simplified ? Valid.WrongStage("This case follows the general procedure; file it instead.") : null)
                ?? (s.OnTheSpot is not null ? Valid.WrongStage($"Decided on the spot already on form {s.OnTheSpot.FormNumber}.") : null)
                ?? Eligible(c.Penalty!, s.Party.Kind)
                ?? PartyHeard(s)
                ?? (Law.Discretionary([c.Penalty!]) && !Law.Cites(c.Discretion)
                    ? new Refusal(RefusalCodes.DiscretionReasonRequired, "Cite the discretion benchmark item, the level and the reason (Art. 34).")
                    : null)
                ?? Publishing.Check(c.Discretion, [c.Penalty!], context.Lists, c.On).Refusal)
            .Then(() => Decision.Accept(new OnTheSpotDecisionMade(
                s.CaseId, c.FormNumber!, c.Penalty!, Publishing.Stamp(c.Discretion, Publishing.Check(c.Discretion, [c.Penalty!], context.Lists, c.On).Version), c.OfficerId!, c.On,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(CollectOnTheSpot c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Collection is not null) return Decision.Nothing;
        var step = new Step(c.On).Officer(c.OfficerId).After(s.OnTheSpot?.DecidedOn, "on-the-spot decision");
        return (Valid.Required(c.ReceiptNumber, "receiptNumber") ?? Valid.Required(c.OfficerId, "officerId") ?? Valid.Required(c.On, "on")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.OnTheSpot is null ? Valid.WrongStage("Decide on the spot first (decide-on-the-spot).") : null)
                ?? (s.Fine <= 0 ? Valid.WrongStage("The on-the-spot decision imposes no fine.") : null)
                ?? (c.Amount != s.Fine ? Valid.Fail($"The fine is {Valid.Money(s.Fine)} yuan.") : null)
                ?? (c.Ground == CollectionGround.SmallFine && s.Fine > Law.OnTheSpotCollectionMax
                    ? new Refusal(RefusalCodes.SimplifiedProcedureNotAllowed, "Only fines of at most 100 yuan are collected on the spot, unless hard to collect later or in a remote area (Arts. 68–69).")
                    : null))
            .Then(() => Decision.Accept(new OnTheSpotFineCollected(
                s.CaseId, c.Amount, c.Ground, c.ReceiptNumber!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(HandOverCash c, PenaltyCaseState s, CaseContext context)
    {
        if (s.HandOver is not null) return Decision.Nothing;
        var step = new Step(c.On).Officer(c.OfficerId).After(s.Collection?.CollectedOn, "collection");
        return (Valid.Required(c.OfficerId, "officerId") ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Collection is null ? Valid.WrongStage("No fine was collected on the spot.") : null))
            .Then(() => Decision.Accept(new CashHandedOver(
                s.CaseId, s.Collection!.Amount, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(FileCopy c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Copy is not null) return Decision.Nothing;
        var step = new Step(c.On).Officer(c.OfficerId).After(s.OnTheSpot?.DecidedOn, "on-the-spot decision");
        return (Valid.Required(c.OfficerId, "officerId") ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.OnTheSpot is null ? Valid.WrongStage("Decide on the spot first (decide-on-the-spot).") : null))
            .Then(() => Decision.Accept(new CopyFiled(
                s.CaseId, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>
    /// Arts. 44, 52 (and 62): the party's statement and defence on the spot is recorded (<c>record-statement</c>), or its express
    /// waiver (<c>waive-rights</c>), before the on-the-spot decision. Asked by the command and by the audit.
    /// </summary>
    internal static Refusal? PartyHeard(PenaltyCaseState s) =>
        s.Statements.Count == 0 && s.Waiver is null
            ? new Refusal(RefusalCodes.StatementNotRecorded,
                "Record the party's statement and defence on the spot (record-statement), or its express waiver (waive-rights), before deciding (Arts. 44, 52, 62).")
            : null;

    /// <summary>Art. 51: a warning, or a fine of at most 200 yuan on a citizen or 3,000 yuan on an organisation.</summary>
    private static Refusal? Eligible(PenaltyTerm penalty, PartyKind party)
    {
        var limit = party == PartyKind.Citizen ? Law.SimplifiedCitizenFineMax : Law.SimplifiedOrganisationFineMax;
        return penalty.Kind == PenaltyKind.Warning || (penalty.Kind == PenaltyKind.Fine && penalty.Amount <= limit)
            ? null
            : new Refusal(RefusalCodes.SimplifiedProcedureNotAllowed,
                $"On the spot only a warning or a fine of at most {Valid.Money(limit)} yuan on a {Law.Kebab(party)} (Art. 51); use the general procedure.");
    }
}
