using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;
using CaseLedger.Domain.Calendar;

namespace CaseLedger.Domain.Reconsideration;

/// <summary>Examination of the application (Arts. 30–31): accept, refuse, or one correction notice.</summary>
internal static class Acceptance
{
    public static Decision Decide(AcceptApplication c, ReconsiderationState s, CaseContext context)
    {
        if (s.Acceptance is { } accepted)
            return accepted.Procedure == c.Procedure ? Decision.Nothing
                : Decision.Refuse(Valid.WrongStage(
                    $"The application was {(accepted.Deemed ? "deemed " : "")}accepted on {Dates.Show(accepted.AcceptedOn)}; use convert-to-general to change the procedure."));
        var step = ReconsiderationCase.Step(c.AcceptedOn).By(c.Staff).After(AcceptanceTrigger(s), "application");
        var due = AcceptanceDue(s, context.Calendar);
        return (Valid.Required(c.AcceptedOn, "acceptedOn") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (CorrectionPending(s) ? Valid.WrongStage("The applicant's correction is outstanding (Art. 31).") : null)
                ?? (c.Procedure == ReconsiderationProcedure.Simplified && !SimplifiedEligible(s.Application.Contested, c.PartiesAgree)
                    ? new Refusal(RefusalCodes.SimplifiedProcedureNotAllowed,
                        "The simplified procedure takes on-the-spot acts, warnings, notices of criticism and amounts up to 3,000 yuan, or all parties' agreement (Art. 53).")
                    : null))
            .Then(() =>
            {
                // Acceptance later than 5 working days records what the law already made of the silence (Art. 30).
                var deemed = c.AcceptedOn > due;
                var on = deemed ? due : c.AcceptedOn;
                var withProcedure = s with { Acceptance = new ReconsiderationAccepted(s.Id, on, deemed, c.Procedure, c.MajorOrComplex, on, [], [], "") };
                return Decision.Accept(new ReconsiderationAccepted(s.Id, on, deemed, c.Procedure, c.MajorOrComplex,
                    DecisionDue(withProcedure, on, context.Calendar, on), step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id));
            });
    }

    public static Decision Decide(RefuseApplication c, ReconsiderationState s, CaseContext context)
    {
        if (s.Refusal is not null) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.RefusedOn).By(c.Staff).After(AcceptanceTrigger(s), "application");
        var due = AcceptanceDue(s, context.Calendar);
        return (Valid.Required(c.RefusedOn, "refusedOn") ?? Valid.Required(c.Reason, "reason") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Acceptance is not null ? Valid.WrongStage($"The application was accepted on {Dates.Show(s.Acceptance.AcceptedOn)}.") : null)
                ?? (CorrectionPending(s) ? Valid.WrongStage("The applicant's correction is outstanding (Art. 31).") : null)
                ?? (c.RefusedOn > due ? Valid.WrongStage($"The refusal was due by {Dates.Show(due)}; the application is deemed accepted (Art. 30).") : null))
            .Then(() => Decision.Accept(new ReconsiderationRefused(
                s.Id, c.Reason!, c.RefusedOn, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(RequestCorrection c, ReconsiderationState s, CaseContext context)
    {
        var items = c.Items ?? [];
        if (s.Correction is { } asked && asked.RequestedOn == c.RequestedOn && asked.Items.SequenceEqual(items)) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.RequestedOn).By(c.Staff).After(s.Application.AppliedOn, "application");
        var due = context.Calendar.AddWorkingDays(s.Application.AppliedOn, CorrectionRequestWorkingDays);
        return (Valid.Required(c.RequestedOn, "requestedOn")
                ?? (items.Count == 0 || items.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("items: name what must be corrected, at once and in full (Art. 31).") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Acceptance is not null ? Valid.WrongStage($"The application was accepted on {Dates.Show(s.Acceptance.AcceptedOn)}.") : null)
                ?? (s.Correction is not null ? Valid.WrongStage($"A correction was requested on {Dates.Show(s.Correction.RequestedOn)}; only one notice is allowed (Art. 31).") : null)
                ?? (c.RequestedOn > due ? Valid.WrongStage($"A correction notice was due by {Dates.Show(due)}; the application is deemed accepted (Art. 30).") : null))
            .Then(() => Decision.Accept(new CorrectionRequested(
                s.Id, items, c.RequestedOn, context.Calendar.AddWorkingDays(c.RequestedOn, CorrectionWorkingDays),
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(SubmitCorrection c, ReconsiderationState s, CaseContext context)
    {
        if (s.CorrectionSubmission is { } submitted && submitted.SubmittedOn == c.SubmittedOn) return Decision.Nothing;
        var step = ReconsiderationCase.Step(c.SubmittedOn).By(c.Staff).After(s.Correction?.RequestedOn, "correction notice");
        return (Valid.Required(c.SubmittedOn, "submittedOn") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.EndedOn)
                ?? (s.Correction is null ? Valid.WrongStage("No correction was requested.") : null)
                ?? (s.CorrectionSubmission is not null ? Valid.WrongStage($"The correction came in on {Dates.Show(s.CorrectionSubmission.SubmittedOn)}.") : null)
                ?? (c.SubmittedOn > s.Correction!.CorrectionDueOn
                    ? new Refusal(RefusalCodes.ApplicationLate,
                        $"The correction was due by {Dates.Show(s.Correction.CorrectionDueOn)} (10 working days); the application is deemed withdrawn (Art. 31).")
                    : null))
            .Then(() => Decision.Accept(new CorrectionSubmitted(s.Id, c.SubmittedOn, step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
