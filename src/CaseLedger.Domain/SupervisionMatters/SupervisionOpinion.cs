using NodaTime;

namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>The opinion (行政执法监督意见书, Art. 28) and the agency's own correction within 30 days of its receipt.</summary>
internal static class SupervisionOpinion
{
    public static Decision Decide(IssueSupervisionOpinion c, SupervisionMatterState s, CaseContext context)
    {
        var findings = c.Findings ?? [];
        if (s.Opinion is { } issued && issued.IssuedOn == c.IssuedOn && issued.ReceivedOn == c.ReceivedOn) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.IssuedOn, c.Supervisors)
            .After(s.Steps.Select(x => (LocalDate?)x.On).Max() ?? s.Opening.OpenedOn, "last investigation step");
        return (Valid.Required(c.IssuedOn, "issuedOn") ?? Valid.Required(c.ReceivedOn, "receivedOn")
                ?? (findings.Count == 0 || findings.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("findings: the illegal or improper acts found (Art. 28).") : null)
                ?? (string.IsNullOrWhiteSpace(c.OpinionSha256) ? Valid.Fail("opinionSha256 is required: the opinion served on the agency (Art. 28).") : null)
                ?? Valid.Sha256(c.OpinionSha256, "opinionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? SupervisionMatter.NotLater(c.ReceivedOn, "receivedOn", context)
                ?? (c.ReceivedOn < c.IssuedOn
                    ? new Refusal(RefusalCodes.DateOutOfOrder, $"receivedOn {Dates.Show(c.ReceivedOn)} is earlier than the opinion on {Dates.Show(c.IssuedOn)}.")
                    : null)
                ?? (s.Opinion is not null ? Valid.WrongStage($"The opinion was issued on {Dates.Show(s.Opinion.IssuedOn)}; one opinion per matter.") : null))
            .Then(() => Decision.Accept(new SupervisionOpinionIssued(s.Id, $"监督意见-{Short(s.Id)}", [.. findings], c.IssuedOn, c.ReceivedOn,
                SupervisionLaw.SelfCorrectionDue(context.Calendar, c.ReceivedOn),
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.OpinionSha256), context.Actor.Id)));
    }

    public static Decision Decide(RecordSelfCorrection c, SupervisionMatterState s, CaseContext context)
    {
        if (s.Correction is { } done && done.CorrectedOn == c.CorrectedOn) return Decision.Nothing;
        var step = SupervisionMatter.ByAgency(c.CorrectedOn, c.Staff).After(s.Opinion?.ReceivedOn, "receipt of the opinion");
        return (Valid.Required(c.CorrectedOn, "correctedOn") ?? Valid.Required(c.Description, "description")
                ?? Valid.Sha256(c.CorrectionSha256, "correctionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Opinion is null ? Valid.WrongStage("No supervision opinion was issued to correct (Art. 28).") : null)
                ?? (s.Decision is { } decided
                    ? Valid.WrongStage($"The supervision decision of {Dates.Show(decided.DecidedOn)} was made: report its execution instead (Art. 29).")
                    : null)
                ?? (s.Correction is not null ? Valid.WrongStage($"The correction was recorded on {Dates.Show(s.Correction.CorrectedOn)}.") : null))
            .Then(() => Decision.Accept(new SelfCorrectionRecorded(s.Id, c.Description!, c.CorrectedOn, c.CorrectedOn > s.Opinion!.CorrectionDueOn,
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.CorrectionSha256), context.Actor.Id)));
    }

    internal static string Short(string id) => id[..Math.Min(8, id.Length)];
}
