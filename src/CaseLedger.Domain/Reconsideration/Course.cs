using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>The course of the review: suspension (Art. 39), one extension (Art. 62), conversion (Art. 55), mediation (Art. 73), withdrawal (Art. 74).</summary>
internal static class Course
{
    public static Decision Decide(SuspendReconsideration c, ReconsiderationState s, CaseContext context)
    {
        if (s.IsSuspended) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Ground, "ground") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.On, _ => Decision.Accept(new ReconsiderationSuspended(
                s.Id, c.Ground!, c.On, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id))));
    }

    public static Decision Decide(ResumeReconsideration c, ReconsiderationState s, CaseContext context)
    {
        if (!s.IsSuspended) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Suspensions[^1].From, "suspension");
        return (Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents) ?? step.Check(context, s.EndedOn))
            .Then(() => Decision.Accept(new ReconsiderationResumed(s.Id, c.On, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ExtendReconsideration c, ReconsiderationState s, CaseContext context)
    {
        if (s.Extension is { } done && done.Days == c.Days && done.ExtendedOn == c.On) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).Head(c.ApprovedBy).After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.ApprovedBy, "approvedBy") ?? Valid.Required(c.Reason, "reason")
                ?? (c.Days <= 0 ? Valid.Fail("days must be positive.") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.On, a =>
                (a.Procedure == ReconsiderationProcedure.Simplified
                    ? new Refusal(RefusalCodes.ExtensionNotAllowed, "The simplified procedure decides within 30 days, without extension (Art. 62); convert-to-general first.")
                    : a.Extension is { } first
                        ? new Refusal(RefusalCodes.ExtensionExhausted,
                            $"The one extension of Art. 62 was granted on {Dates.Show(first.ExtendedOn)} ({first.Days} days); no further extension.")
                        : c.Days > ExtensionMaxDays
                            ? new Refusal(RefusalCodes.ExtensionNotAllowed, "An extension is at most 30 days (Art. 62).")
                            : c.On > DecisionDue(a, a.Acceptance!.AcceptedOn, context.Calendar, c.On)
                                ? new Refusal(RefusalCodes.DecisionDeadlinePassed,
                                    $"The decision period ended on {Dates.Show(DecisionDue(a, a.Acceptance.AcceptedOn, context.Calendar, c.On))}; it can no longer be extended (Art. 62).")
                                : null)
                .Then(() =>
                {
                    var extended = a with { Extension = new ReconsiderationExtended(s.Id, c.Days, c.ApprovedBy!, c.Reason!, c.On, c.On, [], [], "") };
                    return Decision.Accept(new ReconsiderationExtended(s.Id, c.Days, c.ApprovedBy!, c.Reason!, c.On,
                        DecisionDue(extended, a.Acceptance!.AcceptedOn, context.Calendar, c.On),
                        step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id));
                })));
    }

    public static Decision Decide(ConvertToGeneral c, ReconsiderationState s, CaseContext context)
    {
        if (s.Conversion is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Acceptance?.AcceptedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Procedure != ReconsiderationProcedure.Simplified ? Valid.WrongStage("The case is not in the simplified procedure.") : null))
            .Then(() => Decision.Accept(new ConvertedToGeneralProcedure(s.Id, c.Reason!, c.On, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(Mediate c, ReconsiderationState s, CaseContext context)
    {
        if (s.Mediations.Any(m => m.MediatedOn == c.On && m.Agreed == c.Agreed)) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Acceptance?.AcceptedOn ?? s.Application.AppliedOn, "acceptance");
        return (Valid.Required(c.On, "on") ?? Valid.Sha256(c.AgreementSha256, "agreementSha256") ?? Valid.Documents(c.Documents)
                ?? (c.Agreed && c.AgreementSha256 is null ? Valid.Fail("agreementSha256: a mediation agreement is signed and sealed (Art. 73).") : null)
                ?? step.Check(context, s.EndedOn))
            .Then(() => ReconsiderationCase.Accepted(s, context, c.On, _ => Decision.Accept(new ReconsiderationMediated(
                s.Id, c.Agreed, c.On, Valid.Lower(c.AgreementSha256), step.Signatures(context), Valid.Hashes(c.Documents, c.AgreementSha256), context.Actor.Id))));
    }

    public static Decision Decide(WithdrawApplication c, ReconsiderationState s, CaseContext context)
    {
        if (s.Withdrawal is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.On).By(c.Staff).After(s.Application.AppliedOn, "application");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn))
            .Then(() => Decision.Accept(new ReconsiderationWithdrawn(s.Id, c.Reason!, c.Settlement, c.On, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
