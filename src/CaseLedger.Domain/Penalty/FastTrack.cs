using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>consent-to-fast-track</c>: the party admits the facts and signs the consent; decide within 48 hours of arrival (public-security variant, domain.md §1.3).</summary>
public sealed record ConsentToFastTrack(
    string? ConsentSha256,
    Instant ArrivedAt,
    LocalDate On,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

internal static class FastTracking
{
    public static Decision Decide(ConsentToFastTrack c, PenaltyCaseState s, CaseContext context)
    {
        if (s.FastTrack is not null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers).After(s.Filing?.FiledOn, "filing");
        var proposed = s.Notice?.ProposedPenalties ?? s.Conclusion?.ProposedPenalties ?? [];
        return (Valid.Required(c.ConsentSha256, "consentSha256") ?? Valid.Sha256(c.ConsentSha256, "consentSha256")
                ?? (c.ArrivedAt == default ? Valid.Fail("arrivedAt is required.") : null)
                ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s)
                ?? (!Law.Policy(s).FastTrack
                    ? new Refusal(RefusalCodes.FastTrackNotAllowed, "The agency's policy on the filing date has no fast track.")
                    : null)
                ?? (Law.HearingTriggered(proposed, s.Party.Kind, Law.Policy(s))
                    ? new Refusal(RefusalCodes.FastTrackNotAllowed, "A hearing applies to the proposed penalties; the fast track is not allowed.")
                    : null))
            .Then(() => Decision.Accept(new FastTrackConsented(
                s.CaseId, Valid.Lower(c.ConsentSha256)!, c.ArrivedAt, c.On,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.ConsentSha256), context.Actor.Id)));
    }
}
