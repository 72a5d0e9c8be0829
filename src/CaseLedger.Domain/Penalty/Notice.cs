using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>serve-penalty-notice</c>: the proposed penalties and the rights to state, defend and, when Art. 63 applies, request a hearing (Art. 44).</summary>
public sealed record ServePenaltyNotice(
    IReadOnlyList<PenaltyTerm>? ProposedPenalties,
    LocalDate ServedOn,
    ServiceMethod Method,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>record-statement</c>: the party's statement and defence, with the re-examination of each point (Art. 45).</summary>
public sealed record RecordStatement(
    LocalDate SubmittedOn,
    IReadOnlyList<StatementPoint>? Points,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>waive-rights</c>: the party expressly waives statement, defence and a hearing not yet requested (Art. 62).</summary>
public sealed record WaiveRights(
    LocalDate On,
    IReadOnlyList<string>? Officers = null,
    string? WaiverSha256 = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

internal static class Notice
{
    public static Decision Decide(ServePenaltyNotice c, PenaltyCaseState s, CaseContext context)
    {
        var penalties = c.ProposedPenalties ?? s.Conclusion?.ProposedPenalties ?? [];
        if (s.Notice is { } served && s.Decision is null && served.ServedOn == c.ServedOn && served.ProposedPenalties.SequenceEqual(penalties))
            return Decision.Nothing;
        var step = new Step(c.ServedOn).Officers(c.Officers).After(s.Conclusion?.ConcludedOn, "conclusion of the investigation");
        bool Hearing() => Law.HearingTriggered(penalties, s.Party.Kind, Law.Policy(s));
        return (Valid.Required(c.ServedOn, "servedOn") ?? Terms.Check(c.ProposedPenalties, "proposedPenalties")
                ?? Valid.Documents(c.Documents)
                ?? (c.Method == ServiceMethod.Oral && s.FastTrack is null ? Valid.Fail("An oral notice is allowed only on the fast track.") : null)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Concluded(s)
                ?? (s.Conclusion!.Outcome != InvestigationOutcome.Penalty
                    ? Valid.WrongStage($"The investigation concluded with {Law.Kebab(s.Conclusion.Outcome)}; there is no penalty to notify.")
                    : null)
                ?? (penalties.Count == 0 ? Valid.Fail("proposedPenalties: the notice states the proposed penalties.") : null)
                ?? Rules(s, penalties)
                ?? (s.FastTrack is not null && Hearing()
                    ? new Refusal(RefusalCodes.FastTrackNotAllowed, "A hearing applies to these penalties; the fast track is not allowed.")
                    : null))
            .Then(() => Decision.Accept(new PenaltyNoticeServed(
                s.CaseId, penalties, Hearing(), c.Method, c.ServedOn,
                Hearing() ? Law.HearingRequestDue(c.ServedOn, context.Calendar) : null,
                Law.DefenceDue(c.ServedOn, context.Calendar),
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>
    /// What the proposed penalties of a notice must respect, asked by <c>serve-penalty-notice</c> and by the audit of every
    /// stored notice: one fine per act (Art. 29; I11); a notice heavier than the one before only on evidence collected
    /// after it (Art. 45(2); I4), so that the party's defence never makes the penalty heavier.
    /// </summary>
    internal static Refusal? Rules(PenaltyCaseState s, IReadOnlyList<PenaltyTerm> penalties) =>
        Law.TwoFines(penalties)
            ? new Refusal(RefusalCodes.OneFinePerAct, "One act, one fine (Art. 29): state a single fine term.")
            : s.Notice is { } previous && Law.Heavier(penalties, previous.ProposedPenalties) && !s.EvidenceSinceNotice
                ? new Refusal(RefusalCodes.HeavierNoticeWithoutNewFacts,
                    $"This notice is heavier than the one served on {Dates.Show(previous.ServedOn)}, and no evidence was collected since: the party's statement and defence may not make the penalty heavier (Art. 45(2)).")
                : null;

    /// <summary>
    /// Where the party is heard: after the notice in the general procedure; on the spot, before the decision, in the
    /// simplified one (Arts. 44, 52: the officer states the facts, reasons and basis and hears the party there).
    /// </summary>
    private static Refusal? Heard(PenaltyCaseState s) =>
        s.Procedure != Procedure.Simplified ? Stages.NoticeServed(s)
        : s.OnTheSpot is not null ? Valid.WrongStage($"Decided on the spot already on form {s.OnTheSpot.FormNumber}: the party is heard before the decision.")
        : null;

    public static Decision Decide(RecordStatement c, PenaltyCaseState s, CaseContext context)
    {
        var points = c.Points ?? [];
        var step = new Step(c.SubmittedOn).Officers(c.Officers).After(s.Notice?.ServedOn, "service of the penalty notice")
            .After(s.Procedure == Procedure.Simplified ? s.DiscoveredOn : null, "discovery");
        return (Valid.Required(c.SubmittedOn, "submittedOn")
                ?? (points.Count == 0 ? Valid.Fail("points: record each point the party made.") : null)
                ?? (points.Any(p => p is null || string.IsNullOrWhiteSpace(p.Point) || string.IsNullOrWhiteSpace(p.Reexamination))
                    ? Valid.Fail("Each point needs its re-examination (复核) recorded (Art. 45).")
                    : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Heard(s))
            .Then(() => Decision.Accept(new StatementRecorded(
                s.CaseId, points, c.SubmittedOn, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(WaiveRights c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Waiver is not null && s.Decision is null) return Decision.Nothing;
        var step = new Step(c.On).OnBehalfOfParty().Officers(c.Officers, minimum: 0).After(s.Notice?.ServedOn, "service of the penalty notice")
            .After(s.Procedure == Procedure.Simplified ? s.DiscoveredOn : null, "discovery");
        return (Valid.Required(c.On, "on") ?? Valid.Sha256(c.WaiverSha256, "waiverSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Heard(s))
            .Then(() => Decision.Accept(new RightsWaived(
                s.CaseId, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.WaiverSha256), context.Actor.Id)));
    }
}
