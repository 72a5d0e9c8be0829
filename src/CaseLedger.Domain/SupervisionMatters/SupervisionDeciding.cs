namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>The decision (Arts. 29–34), the agency's execution report (Art. 29), its non-compliance (Arts. 35–38) and the closing.</summary>
internal static class SupervisionDeciding
{
    public static Decision Decide(DecideSupervisionMatter c, SupervisionMatterState s, CaseContext context)
    {
        var grounds = c.Grounds ?? [];
        if (s.Decision is { } made && made.Type == c.Type && made.DecidedOn == c.DecidedOn) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.DecidedOn, c.Supervisors).Head(c.DecidedBy).After(s.Opinion?.ReceivedOn, "receipt of the opinion");
        var allowed = SupervisionLaw.GroundsFor(c.Type);
        return (Valid.Required(c.DecidedBy, "decidedBy") ?? Valid.Required(c.DecidedOn, "decidedOn") ?? Valid.Required(c.ReceivedOn, "receivedOn")
                ?? (grounds.Count == 0 ? Valid.Fail($"grounds are required: a {Words.Kebab(c.Type)} decision ({SupervisionLaw.Article(c.Type)}) names its grounds.") : null)
                ?? (c.Type == SupervisionDecisionType.OrderPerformance && c.PerformBy is null
                    ? Valid.Fail("performBy is required: an order to perform sets the limit (Art. 30).")
                    : null)
                ?? (c.Type != SupervisionDecisionType.OrderPerformance && c.PerformBy is not null ? Valid.Fail("Only an order to perform sets performBy (Art. 30).") : null)
                ?? (c.PerformBy is { } limit && limit <= c.ReceivedOn ? Valid.Fail("performBy must be later than the decision's receipt.") : null)
                ?? Valid.Sha256(c.DecisionSha256, "decisionSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? SupervisionMatter.NotLater(c.ReceivedOn, "receivedOn", context)
                ?? (c.ReceivedOn < c.DecidedOn
                    ? new Refusal(RefusalCodes.DateOutOfOrder, $"receivedOn {Dates.Show(c.ReceivedOn)} is earlier than the decision on {Dates.Show(c.DecidedOn)}.")
                    : null)
                ?? Rules(c, s, grounds, allowed))
            .Then(() => Decision.Accept(new SupervisionDecided(s.Id, s.CaseId, $"监督决定-{SupervisionOpinion.Short(s.Id)}", c.Type, [.. grounds],
                c.Reasons ?? "", c.DecidedBy!, c.DecidedOn, c.ReceivedOn, c.PerformBy, SupervisionLaw.ExecutionReportDue(context.Calendar, c.ReceivedOn),
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.DecisionSha256), context.Actor.Id)));
    }

    /// <summary>The order of Arts. 28–29: an opinion first, its 30 days run out uncorrected, then a decision on its type's grounds.</summary>
    private static Refusal? Rules(DecideSupervisionMatter c, SupervisionMatterState s, IReadOnlyList<SupervisionGround> grounds, IReadOnlyList<SupervisionGround> allowed) =>
        (s.Opinion is null ? Valid.WrongStage("Issue the supervision opinion first: the agency may correct itself before any decision (Art. 28).") : null)
        ?? (s.Decision is { } earlier ? Valid.WrongStage($"The supervision decision was made on {Dates.Show(earlier.DecidedOn)}.") : null)
        ?? (s.Correction is { } corrected
            ? new Refusal(RefusalCodes.CorrectedByAgency,
                $"The agency recorded its correction on {Dates.Show(corrected.CorrectedOn)}: a decision follows only an opinion not corrected (Arts. 28–29).")
            : null)
        ?? (c.DecidedOn <= s.Opinion!.CorrectionDueOn
            ? new Refusal(RefusalCodes.SelfCorrectionPeriodOpen,
                $"The agency may correct itself until {Dates.Show(s.Opinion.CorrectionDueOn)}, 30 days from receiving the opinion (Art. 28); decide after that.")
            : null)
        ?? (grounds.Where(g => !allowed.Contains(g)).Select(g => (SupervisionGround?)g).FirstOrDefault() is { } wrong
            ? new Refusal(RefusalCodes.SupervisionDecisionGrounds,
                $"A {Words.Kebab(c.Type)} decision ({SupervisionLaw.Article(c.Type)}) rests on {string.Join(", ", allowed.Select(g => Words.Kebab(g)))}, not {Words.Kebab(wrong)}.")
            : null);

    public static Decision Decide(ReportSupervisionExecution c, SupervisionMatterState s, CaseContext context)
    {
        if (s.Report is { } done && done.ReportedOn == c.ReportedOn) return Decision.Nothing;
        var step = SupervisionMatter.ByAgency(c.ReportedOn, c.Staff).After(s.Decision?.ReceivedOn, "receipt of the decision");
        return (Valid.Required(c.ReportedOn, "reportedOn") ?? Valid.Required(c.Description, "description")
                ?? Valid.Sha256(c.ReportSha256, "reportSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Decision is null ? Valid.WrongStage("No supervision decision was made to execute (Art. 29).") : null)
                ?? (s.Report is not null ? Valid.WrongStage($"The execution was reported on {Dates.Show(s.Report.ReportedOn)}.") : null))
            .Then(() => Decision.Accept(new SupervisionExecutionReported(s.Id, c.Description!, c.ReportedOn, c.ReportedOn > s.Decision!.ReportDueOn,
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents, c.ReportSha256), context.Actor.Id)));
    }

    public static Decision Decide(RecordNonCompliance c, SupervisionMatterState s, CaseContext context)
    {
        if (s.NonCompliances.Any(n => n.Kind == c.Kind && n.RecordedOn == c.On)) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.On, c.Supervisors).After(s.Opening.OpenedOn, "opening of the matter");
        return (Valid.Required(c.On, "on") ?? Valid.Required(c.Description, "description") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? c.Kind switch
                {
                    NonComplianceKind.RefusedDecision when s.Decision is null => Valid.WrongStage("No supervision decision was made to refuse (Art. 35)."),
                    NonComplianceKind.ReportMissed when s.Decision is null => Valid.WrongStage("No supervision decision was made to report on (Art. 29)."),
                    NonComplianceKind.ReportMissed when s.Report is { Late: false } report =>
                        Valid.WrongStage($"The agency reported the execution in time on {Dates.Show(report.ReportedOn)}."),
                    NonComplianceKind.ReportMissed when c.On <= s.Decision!.ReportDueOn =>
                        Valid.WrongStage($"The agency may report until {Dates.Show(s.Decision.ReportDueOn)} (Art. 29)."),
                    _ => null,
                })
            .Then(() => Decision.Accept(new NonComplianceRecorded(s.Id, s.AgencyId, c.Kind, c.Description!, c.On,
                SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(CloseSupervisionMatter c, SupervisionMatterState s, CaseContext context)
    {
        if (s.Closure is { } closed && closed.ClosedOn == c.ClosedOn) return Decision.Nothing;
        var step = SupervisionMatter.BySupervisors(c.ClosedOn, c.Supervisors).After(s.Opening.OpenedOn, "opening of the matter");
        return (Valid.Required(c.ClosedOn, "closedOn") ?? Valid.Required(c.Conclusion, "conclusion") ?? Valid.Documents(c.Documents)
                ?? step.Check(context, s.Closure?.ClosedOn)
                ?? (s.Opinion is { } opinion && s.Correction is null && s.Decision is null
                    ? Valid.WrongStage($"The agency may correct itself until {Dates.Show(opinion.CorrectionDueOn)}; record its correction or decide (Arts. 28–29).")
                    : null)
                ?? (s.Decision is { } decided && s.Report is null && s.NonCompliances.Count == 0
                    ? Valid.WrongStage($"The agency reports the execution by {Dates.Show(decided.ReportDueOn)}; record its report or its non-compliance first (Arts. 29, 35).")
                    : null))
            .Then(() => Decision.Accept(new SupervisionMatterClosed(s.Id, c.Conclusion!, c.ClosedOn, SupervisionMatter.Signed(step, context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
