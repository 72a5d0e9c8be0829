using System.Globalization;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary><c>POST /api/cases</c>: a lead (线索) is registered by an officer.</summary>
public sealed record RegisterLead(
    string? AgencyId,
    Procedure Procedure,
    Party? Party,
    Violation? Violation,
    string? Source,
    LocalDate DiscoveredOn,
    IReadOnlyList<string>? Officers,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers);
}

/// <summary><c>file</c>: the head approves filing and designates at least two certified officers (Arts. 36, 42, 54).</summary>
public sealed record FileCase(
    LocalDate FiledOn,
    string? ApprovedBy,
    IReadOnlyList<string>? Officers,
    string? LeadOfficer,
    IReadOnlyList<string>? Documents = null) : ICaseCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Officers, ApprovedBy);
}

internal static class Opening
{
    public static Decision Decide(RegisterLead c, PenaltyCaseState? state, CaseContext context)
    {
        if (state is not null)
            return Decision.Refuse(RefusalCodes.AlreadyExists, $"Case '{context.CaseId}' exists already.");
        var step = new Step(c.DiscoveredOn).Officers(c.Officers);
        return (Valid.Required(c.AgencyId, "agencyId")
                ?? Valid.Required(c.Party, "party") ?? Valid.Required(c.Party?.Name, "party.name")
                ?? Valid.Required(c.Violation, "violation") ?? Valid.Required(c.Violation?.Description, "violation.description")
                ?? Valid.Required(c.Violation?.ActEndedOn ?? default, "violation.actEndedOn")
                ?? Valid.Required(c.DiscoveredOn, "discoveredOn")
                ?? ((c.Officers ?? []).Count == 0 ? Valid.Fail("officers: the officer registering the lead is required.") : null)
                ?? Valid.Documents(c.Documents)
                ?? (context.Agency is null || context.Agency.Id != c.AgencyId
                    ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.AgencyId}' is not registered.")
                    : null)
                ?? step.Check(null, context, context.Agency!.Domain))
            .Then(() => Decision.Accept(new LeadRegistered(
                context.CaseId, c.AgencyId!, context.Agency!.Domain, c.Procedure, c.Party!, c.Violation!, c.Source,
                c.DiscoveredOn, step.Signatures(context, context.Agency.Domain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    public static Decision Decide(FileCase c, PenaltyCaseState s, CaseContext context)
    {
        var step = new Step(c.FiledOn).Officers(c.Officers, minimum: 2).As(SignatureCapacity.Approver, c.ApprovedBy)
            .After(s.DiscoveredOn, "lead registration");
        if (s.Filing is { } filed && filed.FiledOn == c.FiledOn && filed.LeadOfficer == c.LeadOfficer) return Decision.Nothing;
        var policy = context.Agency?.PolicyOn(c.FiledOn) ?? Law.Policy(s);
        return (Valid.Required(c.FiledOn, "filedOn") ?? Valid.Required(c.ApprovedBy, "approvedBy")
                ?? Valid.Required(c.LeadOfficer, "leadOfficer")
                ?? ((c.Officers ?? []).Contains(c.LeadOfficer!) ? null : Valid.Fail("leadOfficer must be one of the designated officers."))
                ?? Valid.Documents(c.Documents)
                ?? step.Check(s, context, s.AgencyDomain)
                ?? (s.Filing is not null ? Valid.WrongStage("The case is filed already.") : null)
                ?? (s.Procedure == Procedure.Simplified
                    ? Valid.WrongStage("A simplified-procedure case is decided on the spot without filing (Art. 51).")
                    : null)
                ?? (s.Procedure == Procedure.FastTrack && !policy.FastTrack
                    ? new Refusal(RefusalCodes.FastTrackNotAllowed, "The agency's policy on the filing date has no fast track.")
                    : null)
                ?? (s.DiscoveredOn > Law.LimitationEnd(s.Violation)
                    ? new Refusal(RefusalCodes.LimitationExpired,
                        $"The act ended on {Dates.Show(s.Violation.ActEndedOn)} and was discovered on {Dates.Show(s.DiscoveredOn)}, after the limitation of Art. 36 ended on {Dates.Show(Law.LimitationEnd(s.Violation))}.")
                    : null))
            .Then(() => Decision.Accept(new CaseFiled(
                s.CaseId, CaseNumber(s.AgencyId, c.FiledOn, s.CaseId), c.FiledOn, c.ApprovedBy!, c.LeadOfficer!, policy,
                Law.LawVersion(s.Violation), step.Signatures(context, s.AgencyDomain), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    private static string CaseNumber(string agencyId, LocalDate filedOn, string caseId) =>
        string.Create(CultureInfo.InvariantCulture, $"{agencyId}-{filedOn.Year}-{(caseId.Length > 8 ? caseId[..8] : caseId)}");
}
