using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>refer-to-judiciary</c>: a suspected crime goes to the judicial authority (Arts. 27, 82; I13).</summary>
public sealed record ReferToJudiciary(
    LocalDate On,
    string? Authority,
    string? ApprovedBy,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, ApprovedBy);
}

/// <summary>
/// <c>record-referral-outcome</c>: the judiciary's answer to a referral (I13; 移送规定 Arts. 8–9). Declined or returned, the case
/// resumes for an administrative decision (Art. 27: the judiciary sends back what needs only a penalty) and the time it
/// was away does not count toward the decision limit, like a suspension.
/// </summary>
public sealed record RecordReferralOutcome(
    ReferralOutcome Outcome,
    LocalDate On,
    IReadOnlyList<string>? Officers = null,
    string? Reason = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>close</c>: 结案, once the decision is served and executed, no penalty is due, or the case was referred.</summary>
public sealed record CloseCase(
    string? ClosedBy,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ClosedBy);
}

/// <summary><c>archive</c>: 归档 after closing (Art. 47).</summary>
public sealed record ArchiveCase(
    string? ArchivedBy,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ArchivedBy);
}

internal static class Closing
{
    public static Decision Decide(ReferToJudiciary c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Referral is not null) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers, minimum: 0).As(SignatureCapacity.Approver, c.ApprovedBy)
            .After(s.Filing?.FiledOn, "filing");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Authority, "authority") ?? Valid.Required(c.ApprovedBy, "approvedBy")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Filed(s))
            .Then(() => Decision.Accept(new CaseReferred(
                s.CaseId, c.Authority!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(RecordReferralOutcome c, PenaltyCaseState s, CaseContext context)
    {
        if (s.ReferralAnswer is { } answered && answered.Outcome == c.Outcome && answered.AnsweredOn == c.On
            && (s.Referral is null || answered.ReferredOn == s.Referral.ReferredOn))
            return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers, minimum: 0).After(s.Referral?.ReferredOn, "referral");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Referral is null ? Valid.WrongStage("No referral awaits an answer (refer-to-judiciary).") : null)
                ?? (s.ReferralAnswer is { } earlier && earlier.ReferredOn == s.Referral!.ReferredOn
                    ? Valid.WrongStage($"The judiciary answered this referral on {Dates.Show(earlier.AnsweredOn)} ({Law.Kebab(earlier.Outcome)}).")
                    : null))
            .Then(() => Decision.Accept(new ReferralAnswered(
                s.CaseId, c.Outcome, s.Referral!.Authority, s.Referral.ReferredOn, c.On, c.Reason,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(CloseCase c, PenaltyCaseState s, CaseContext context)
    {
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ClosedBy)
            .After(s.Decision?.DecidedOn, "decision").After(s.Service?.ServedOn, "service of the decision")
            .After(s.Payments.Count > 0 ? s.Payments[^1].PaidOn : null, "payment")
            .After(s.Referral?.ReferredOn, "referral").After(s.OnTheSpot?.DecidedOn, "on-the-spot decision")
            .After(s.Copy?.FiledOn, "filed copy").After(s.HandOver?.HandedOverOn, "cash hand-over");
        return (Valid.Required(c.ClosedBy, "closedBy") ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Closable(s))
            .Then(() => Decision.Accept(new CaseClosed(
                s.CaseId, c.ClosedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ArchiveCase c, PenaltyCaseState s, CaseContext context)
    {
        if (s.Archive is not null) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Receiver, c.ArchivedBy).After(s.Closure?.ClosedOn, "closing").EvenWhenClosed();
        return (Valid.Required(c.ArchivedBy, "archivedBy") ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Closure is null ? Valid.WrongStage("Close the case first.") : null))
            .Then(() => Decision.Accept(new CaseArchived(
                s.CaseId, c.ArchivedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>Closing criteria: referral done (a decision made before it stays in force and is executed, 移送规定 Art. 11); no penalty due; a served decision executed (paid, or before the court); a simplified case complete.</summary>
    private static Refusal? Closable(PenaltyCaseState s)
    {
        static Refusal No(string why) => new(RefusalCodes.CaseNotClosable, why);
        if (s.Referral is not null && s.Decision is null) return null;
        if (s.Conclusion?.Outcome == InvestigationOutcome.Referral)
            return No("A suspected crime must be referred first (refer-to-judiciary; Arts. 27, 82).");
        if (s.OnTheSpot is { } spot)
            return s.Fine > 0 && s.Collection is null && !s.PaidInFull ? No("The on-the-spot fine is not paid.")
                : s.Collection is not null && s.HandOver is null ? No("Hand the cash collected on the spot over to the agency first (Art. 71).")
                : s.Copy is null ? No($"File a copy of on-the-spot decision {spot.FormNumber} with the agency first (备案, Art. 52).")
                : null;
        if (s.Decision is { } decision)
            return decision.Outcome != InvestigationOutcome.Penalty || s.Revocation is not null ? null
                : s.Service is null ? No("Serve the decision first (Art. 61).")
                : s.Fine > 0 && !s.PaidInFull && s.Enforcement is null ? No("The fine is neither paid nor before the court.")
                : null;
        return s.Conclusion?.Outcome is InvestigationOutcome.NoPenalty or InvestigationOutcome.NotEstablished
            ? null
            : No("Decide the case, refer it, or conclude it with no penalty or not established first.");
    }
}
