using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>apply-recusal</c>: the party or the officer applies for an officer's recusal (Art. 43).</summary>
public sealed record ApplyRecusal(
    string? OfficerId,
    RecusalApplicant AppliedBy,
    string? Reason,
    LocalDate On,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId);
}

/// <summary><c>decide-recusal</c>: the head decides; a recused officer never acts on the case again (I3).</summary>
public sealed record DecideRecusal(
    string? OfficerId,
    bool Granted,
    string? DecidedBy,
    LocalDate On,
    string? Reason = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, OfficerId, DecidedBy);
}

/// <summary><c>suspend</c>: the case is suspended on a head's approval; the decision clock stops.</summary>
public sealed record SuspendCase(
    string? Reason,
    LocalDate On,
    string? ApprovedBy,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary><c>resume</c>: the suspension ends; the decision clock runs again.</summary>
public sealed record ResumeCase(
    LocalDate On,
    string? ApprovedBy,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

/// <summary>
/// <c>extend-decision-deadline</c>: +30 days (the policy's <c>extensionDays</c>) once by the head, further only after collective
/// discussion (SAMR rule). After the limit passed, only with a <see cref="LateReason"/>, recorded and audited (domain.md §6).
/// </summary>
public sealed record ExtendDecisionDeadline(
    int Days,
    string? ApprovedBy,
    string? Reason,
    LocalDate On,
    IReadOnlyList<string>? Documents = null,
    string? LateReason = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(null, ApprovedBy);
}

internal static class Course
{
    public static Decision Decide(ApplyRecusal c, PenaltyCaseState s, CaseContext context)
    {
        if (c.OfficerId is not null && (s.Recused.Contains(c.OfficerId) || s.PendingRecusals.Any(r => r.OfficerId == c.OfficerId)))
            return Decision.Nothing;
        var step = new Step(c.On).OnBehalfOfParty().After(s.Filing?.FiledOn ?? s.DiscoveredOn, "filing");
        return (Valid.Required(c.OfficerId, "officerId") ?? Valid.Required(c.Reason, "reason") ?? Valid.Required(c.On, "on")
                ?? Valid.Documents(c.Documents)
                ?? (context.Officers.ContainsKey(c.OfficerId!) ? null : new Refusal(RefusalCodes.NotFound, $"Officer '{c.OfficerId}' is not registered."))
                ?? step.Check(s, context, s.AgencyDomain))
            .Then(() => Decision.Accept(new RecusalApplied(
                s.CaseId, c.OfficerId!, c.AppliedBy, c.Reason!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(DecideRecusal c, PenaltyCaseState s, CaseContext context)
    {
        var pending = s.PendingRecusals.FirstOrDefault(r => r.OfficerId == c.OfficerId);
        if (pending is null && c.Granted && c.OfficerId is not null && s.Recused.Contains(c.OfficerId)) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Decider, c.DecidedBy).After(pending?.AppliedOn, "recusal application");
        return (Valid.Required(c.OfficerId, "officerId") ?? Valid.Required(c.DecidedBy, "decidedBy") ?? Valid.Required(c.On, "on")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (pending is null ? Valid.WrongStage($"No recusal of '{c.OfficerId}' was applied for (apply-recusal).") : null))
            .Then(() => Decision.Accept(new RecusalDecided(
                s.CaseId, c.OfficerId!, c.Granted, c.DecidedBy!, c.Reason, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(SuspendCase c, PenaltyCaseState s, CaseContext context)
    {
        if (s.IsSuspended) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(s.Filing?.FiledOn, "filing")
            .After(s.Suspensions.Count > 0 ? s.Suspensions[^1].To : null, "previous resumption");
        return (Valid.Required(c.Reason, "reason") ?? Valid.Required(c.On, "on") ?? Valid.Required(c.ApprovedBy, "approvedBy")
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s))
            .Then(() => Decision.Accept(new CaseSuspended(
                s.CaseId, c.Reason!, c.ApprovedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ResumeCase c, PenaltyCaseState s, CaseContext context)
    {
        if (!s.IsSuspended) return Decision.Nothing;
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(s.Suspensions[^1].From, "suspension");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain))
            .Then(() => Decision.Accept(new CaseResumed(
                s.CaseId, c.ApprovedBy!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ExtendDecisionDeadline c, PenaltyCaseState s, CaseContext context)
    {
        var step = new Step(c.On).As(SignatureCapacity.Approver, c.ApprovedBy).After(s.Filing?.FiledOn, "filing");
        return (Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Required(c.Reason, "reason") ?? Valid.Required(c.On, "on")
                ?? (c.Days <= 0 ? Valid.Fail("days must be positive.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s)
                ?? Extendable(s, c.Days, c.On, context.Calendar, c.LateReason))
            .Then(() =>
            {
                var due = Law.DecisionDue(s, c.On, context.Calendar);
                var late = c.On > due;
                return Decision.Accept(new DecisionDeadlineExtended(
                    s.CaseId, c.Days, c.ApprovedBy!, c.Reason!, c.On, step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id,
                    late ? c.LateReason!.Trim() : null, late ? due : null));
            });
    }

    /// <summary>
    /// Whether the decision limit may be extended by <paramref name="days"/> on <paramref name="on"/>: asked by the command and
    /// by the audit of every stored extension (without a late reason, so that a late extension is a finding).
    /// </summary>
    internal static Refusal? Extendable(PenaltyCaseState s, int days, LocalDate on, IWorkingDayCalendar calendar, string? lateReason)
    {
        var due = Law.DecisionDue(s, on, calendar);
        if (on > due && string.IsNullOrWhiteSpace(lateReason))
            return new Refusal(RefusalCodes.DecisionDeadlinePassed,
                $"The decision limit passed on {Dates.Show(due)}. {Deciding.LateHint}");
        var maxDays = Law.Policy(s).ExtensionDays;
        if (s.Extensions.Count == 0)
            return days > maxDays
                ? new Refusal(RefusalCodes.ExtensionNotAllowed, $"The head may extend by at most {maxDays} days; longer needs collective discussion.")
                : null;
        var since = s.Extensions[^1].ExtendedOn;
        return s.Discussions.Any(d => d.HeldOn >= since)
            ? null
            : new Refusal(RefusalCodes.ExtensionNotAllowed, "A further extension needs the leaders' collective discussion first.");
    }
}
