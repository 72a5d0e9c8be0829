using CaseLedger.Domain.Penalty;
using static CaseLedger.Domain.Reconsideration.ReconsiderationLaw;

namespace CaseLedger.Domain.Reconsideration;

internal static class Applying
{
    public static Decision Decide(ApplyForReconsideration c, ReconsiderationState? state, CaseContext context, PenaltyCaseState? contested)
    {
        if (state is not null)
            return state.Application.Contested.CaseId == c.CaseId && state.Application.AppliedOn == c.AppliedOn
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Reconsideration '{context.CaseId}' already exists.");
        var decidedOn = contested?.Decision?.DecidedOn ?? contested?.OnTheSpot?.DecidedOn;
        var step = ReconsiderationCase.Step(c.AppliedOn).By(c.ReceivedBy)
            .After(decidedOn, "contested decision").After(c.KnewOn, "day the applicant knew of the act");
        return (Valid.Required(c.CaseId, "caseId") ?? Valid.Required(c.Applicant, "applicant") ?? Valid.Required(c.Applicant?.Name, "applicant.name")
                ?? (string.IsNullOrWhiteSpace(c.Body)
                    ? Valid.Fail("body is required: the reconsideration organ (行政复议法 Arts. 24–28), whose staff act on the application; staff of the organ who receive it may leave it out.")
                    : null)
                ?? Valid.Required(c.KnewOn, "knewOn") ?? Valid.Required(c.AppliedOn, "appliedOn")
                ?? ((c.ThirdParties ?? []).Any(string.IsNullOrWhiteSpace) ? Valid.Fail("thirdParties may not hold empty entries.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (contested is null ? new Refusal(RefusalCodes.NotFound, $"Case '{c.CaseId}' does not exist.") : null)
                ?? (decidedOn is null ? Valid.WrongStage($"Case '{c.CaseId}' has no decision to contest yet.") : null)
                ?? (c.KnewOn < decidedOn
                    ? new Refusal(RefusalCodes.DateOutOfOrder, $"knewOn {Dates.Show(c.KnewOn)} is earlier than the contested decision on {Dates.Show(decidedOn!.Value)}.")
                    : null)
                ?? step.Check(context)
                ?? Late(c, context))
            .Then(() => Decision.Accept(new ReconsiderationApplied(
                context.CaseId,
                new ContestedAct(contested!.CaseId, contested.AgencyId, contested.Procedure,
                    contested.OnTheSpot is { } spot ? [spot.Penalty] : contested.Penalties, decidedOn),
                c.Body!,
                c.Applicant!, [.. c.ThirdParties ?? []], c.Request ?? "Revoke the decision",
                c.KnewOn, c.AppliedOn, c.RemedyNoticeGiven, c.LearnedOfRightOn, c.Oral,
                ApplicationDue(c.KnewOn, c.RemedyNoticeGiven, c.LearnedOfRightOn, context.Calendar), c.PetitionId,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static Refusal? Late(ApplyForReconsideration c, CaseContext context)
    {
        var due = ApplicationDue(c.KnewOn, c.RemedyNoticeGiven, c.LearnedOfRightOn, context.Calendar);
        return c.AppliedOn <= due ? null
            : new Refusal(RefusalCodes.ApplicationLate, c.RemedyNoticeGiven
                ? $"The application was due by {Dates.Show(due)}: 60 days from knowing the act (行政复议法 Art. 20)."
                : $"The application was due by {Dates.Show(due)}: without notice of the right, at most one year from knowing the act (行政复议法 Art. 20).");
    }
}
