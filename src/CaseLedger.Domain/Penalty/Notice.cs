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
        return (Valid.Required(c.ServedOn, "servedOn") ?? Valid.Penalties(c.ProposedPenalties, "proposedPenalties")
                ?? Valid.Documents(c.Documents)
                ?? (c.Method == ServiceMethod.Oral && s.FastTrack is null ? Valid.Fail("An oral notice is allowed only on the fast track.") : null)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Concluded(s)
                ?? (s.Conclusion!.Outcome != InvestigationOutcome.Penalty
                    ? Valid.WrongStage($"The investigation concluded with {Law.Kebab(s.Conclusion.Outcome)}; there is no penalty to notify.")
                    : null)
                ?? (penalties.Count == 0 ? Valid.Fail("proposedPenalties: the notice states the proposed penalties.") : null)
                ?? (s.FastTrack is not null && Hearing()
                    ? new Refusal(RefusalCodes.FastTrackNotAllowed, "A hearing applies to these penalties; the fast track is not allowed.")
                    : null))
            .Then(() => Decision.Accept(new PenaltyNoticeServed(
                s.CaseId, penalties, Hearing(), c.Method, c.ServedOn,
                Hearing() ? Law.HearingRequestDue(s.Violation, c.ServedOn, context.Calendar) : null,
                Law.DefenceDue(c.ServedOn, context.Calendar),
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(RecordStatement c, PenaltyCaseState s, CaseContext context)
    {
        var points = c.Points ?? [];
        var step = new Step(c.SubmittedOn).Officers(c.Officers).After(s.Notice?.ServedOn, "service of the penalty notice");
        return (Valid.Required(c.SubmittedOn, "submittedOn")
                ?? (points.Count == 0 ? Valid.Fail("points: record each point the party made.") : null)
                ?? (points.Any(p => p is null || string.IsNullOrWhiteSpace(p.Point) || string.IsNullOrWhiteSpace(p.Reexamination))
                    ? Valid.Fail("Each point needs its re-examination (复核) recorded (Art. 45).")
                    : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.NoticeServed(s))
            .Then(() => Decision.Accept(new StatementRecorded(
                s.CaseId, points, c.SubmittedOn, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(WaiveRights c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Waiver is not null && s.Decision is null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers, minimum: 0).After(s.Notice?.ServedOn, "service of the penalty notice");
        return (Valid.Required(c.On, "on") ?? Valid.Sha256(c.WaiverSha256, "waiverSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.NoticeServed(s))
            .Then(() => Decision.Accept(new RightsWaived(
                s.CaseId, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.WaiverSha256), context.Actor.Id)));
    }
}
