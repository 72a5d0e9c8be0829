using CaseLedger.Domain.Calendar;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>collect-evidence</c>: at least two certified officers (Art. 42); sealing/seizure and other listed measures need full audio/video.</summary>
public sealed record CollectEvidence(
    EvidenceKind Kind,
    string? Description,
    IReadOnlyList<string>? Officers,
    LocalDate CollectedOn,
    string? MediaSha256,
    CoerciveMeasure? Measure = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>preserve-evidence</c>: advance registered preservation (先行登记保存) on the head's approval (Art. 56).</summary>
public sealed record PreserveEvidence(
    string? Description,
    string? ApprovedBy,
    IReadOnlyList<string>? Officers,
    LocalDate On,
    string? MediaSha256,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, ApprovedBy);
}

/// <summary><c>decide-preserved-evidence</c>: the handling decision within 7 working days (Art. 56).</summary>
public sealed record DecidePreservedEvidence(
    string? PreservationId,
    PreservedEvidenceHandling Handling,
    string? DecidedBy,
    LocalDate On,
    IReadOnlyList<string>? Officers = null,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, DecidedBy);
}

/// <summary><c>conclude-investigation</c>: the investigators' report with the outcome and the proposed penalties.</summary>
public sealed record ConcludeInvestigation(
    InvestigationOutcome Outcome,
    IReadOnlyList<PenaltyTerm>? ProposedPenalties,
    Discretion? Discretion,
    bool Major,
    bool Complex,
    LocalDate ConcludedOn,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

internal static class Investigation
{
    public static Decision Decide(CollectEvidence c, PenaltyCaseState s, CaseContext context)
    {
        var step = new Step(c.CollectedOn).Officers(c.Officers, minimum: 2).After(s.Filing?.FiledOn, "filing");
        return (Valid.Required(c.Description, "description") ?? Valid.Required(c.CollectedOn, "collectedOn")
                ?? Valid.Sha256(c.MediaSha256, "mediaSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s)
                ?? (c.Measure is { } measure && c.MediaSha256 is null
                    ? new Refusal(RefusalCodes.MediaRecordRequired, $"{Law.Kebab(measure)} needs a full audio/video record (mediaSha256).")
                    : null))
            .Then(() => Decision.Accept(new EvidenceCollected(
                s.CaseId, $"E{s.EvidenceCount + 1}", c.Kind, c.Description!, c.Measure, c.CollectedOn, Valid.Lower(c.MediaSha256),
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.MediaSha256), context.Actor.Id)));
    }

    public static Decision Decide(PreserveEvidence c, PenaltyCaseState s, CaseContext context)
    {
        var step = new Step(c.On).Officers(c.Officers, minimum: 2).As(SignatureCapacity.Approver, c.ApprovedBy)
            .After(s.Filing?.FiledOn, "filing");
        return (Valid.Required(c.Description, "description") ?? Valid.Required(c.ApprovedBy, "approvedBy")
                ?? Valid.Required(c.On, "on") ?? Valid.Sha256(c.MediaSha256, "mediaSha256") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s)
                ?? (c.MediaSha256 is null
                    ? new Refusal(RefusalCodes.MediaRecordRequired, "Preservation touches property and needs a full audio/video record (mediaSha256).")
                    : null))
            .Then(() => Decision.Accept(new EvidencePreserved(
                s.CaseId, $"P{s.Preservations.Count + 1}", c.Description!, c.ApprovedBy!, c.On,
                context.Calendar.AddWorkingDays(c.On, Law.PreservationDecisionWorkingDays), Valid.Lower(c.MediaSha256)!,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents, c.MediaSha256), context.Actor.Id)));
    }

    public static Decision Decide(DecidePreservedEvidence c, PenaltyCaseState s, CaseContext context)
    {
        var preservation = c.PreservationId is null
            ? s.Preservations.FirstOrDefault(p => s.PreservationDecisions.All(d => d.PreservationId != p.PreservationId))
            : s.Preservations.FirstOrDefault(p => p.PreservationId == c.PreservationId);
        var decided = s.PreservationDecisions.FirstOrDefault(d => d.PreservationId == preservation?.PreservationId);
        if (decided is not null && decided.Handling == c.Handling) return Decision.Nothing;
        var step = new Step(c.On).Officers(c.Officers, minimum: 0).As(SignatureCapacity.Decider, c.DecidedBy)
            .After(preservation?.PreservedOn, "preservation");
        return (Valid.Required(c.DecidedBy, "decidedBy") ?? Valid.Required(c.On, "on") ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Filed(s)
                ?? (preservation is null ? Valid.WrongStage("Preserve evidence first (preserve-evidence).") : null)
                ?? (decided is not null ? Valid.WrongStage($"Preservation {decided.PreservationId} was decided already.") : null)
                ?? (c.On > preservation!.DecisionDueOn
                    ? new Refusal(RefusalCodes.PreservationDecisionLate,
                        $"The handling decision was due by {Dates.Show(preservation.DecisionDueOn)}, 7 working days after preservation (Art. 56).")
                    : null))
            .Then(() => Decision.Accept(new PreservedEvidenceDecided(
                s.CaseId, preservation!.PreservationId, c.Handling, c.DecidedBy!, c.On,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(ConcludeInvestigation c, PenaltyCaseState s, CaseContext context)
    {
        var penalties = c.ProposedPenalties ?? [];
        if (s.Conclusion is { } done && s.Decision is null && done.Outcome == c.Outcome && done.Major == c.Major
            && done.Complex == c.Complex && done.ProposedPenalties.SequenceEqual(penalties))
            return Decision.Nothing;
        var step = new Step(c.ConcludedOn).Officers(c.Officers, minimum: 2).After(s.Filing?.FiledOn, "filing");
        return (Valid.Required(c.ConcludedOn, "concludedOn") ?? Terms.Check(c.ProposedPenalties, "proposedPenalties")
                ?? (c.Outcome == InvestigationOutcome.Penalty && penalties.Count == 0
                    ? Valid.Fail("A penalty outcome needs proposedPenalties.")
                    : null)
                ?? (c.Outcome != InvestigationOutcome.Penalty && penalties.Count > 0
                    ? Valid.Fail($"A {Law.Kebab(c.Outcome)} outcome proposes no penalties.")
                    : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? Stages.Investigating(s))
            .Then(() => Decision.Accept(new InvestigationConcluded(
                s.CaseId, c.Outcome, penalties, c.Discretion, c.Major, c.Complex, c.ConcludedOn,
                step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }
}
