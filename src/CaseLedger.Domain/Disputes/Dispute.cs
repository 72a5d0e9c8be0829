using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.SupervisionMatters;
using NodaTime;

namespace CaseLedger.Domain.Disputes;

/// <summary>A command on an enforcement dispute's stream.</summary>
public interface IDisputeCommand : IProceedingCommand;

/// <summary>What the agencies dispute (执法争议): which of them is competent, the basis they apply, or another matter of enforcement.</summary>
public enum DisputeKind { Competence, EnforcementBasis, Other }

/// <summary>
/// <c>POST /api/disputes</c>: an agency's head refers a dispute with other agencies over enforcement (执法争议, 山东省行政执法监督条例
/// Art. 18) to the government's legal affairs office (<paramref name="Office"/>), naming the case concerned if any.
/// </summary>
public sealed record RaiseDispute(
    DisputeKind Kind,
    string? Subject,
    IReadOnlyList<string>? Agencies,
    string? Office,
    LocalDate RaisedOn,
    string? RaisedBy,
    string? CaseId = null,
    IReadOnlyList<string>? Documents = null) : IDisputeCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of([RaisedBy]);
}

/// <summary>
/// <c>record-agreement</c>: the office's coordination ends in an agreement (协调意见) the agencies named in <paramref name="SignedBy"/>
/// signed; it binds those that signed. When every party signed, the dispute is settled.
/// </summary>
public sealed record RecordDisputeAgreement(
    LocalDate AgreedOn,
    string? Terms,
    IReadOnlyList<string>? SignedBy,
    IReadOnlyList<string>? Supervisors,
    string? AgreementSha256,
    string? CompetentAgency = null,
    IReadOnlyList<string>? Documents = null) : IDisputeCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

/// <summary>
/// <c>rule</c>: failing agreement, the government rules (裁决); the office records the ruling, which binds the agencies it names
/// (<paramref name="Binds"/>), and for a dispute of competence names the competent agency.
/// </summary>
public sealed record RuleDispute(
    LocalDate RuledOn,
    string? Government,
    string? Ruling,
    IReadOnlyList<string>? Binds,
    IReadOnlyList<string>? Supervisors,
    string? RulingSha256,
    string? CompetentAgency = null,
    IReadOnlyList<string>? Documents = null) : IDisputeCommand
{
    public IEnumerable<string> NamedOfficers() => Names.Of(Supervisors);
}

public sealed record DisputeRaised(
    string DisputeId, DisputeKind Kind, string Subject, string RaisedByAgency, IReadOnlyList<string> Agencies, string Office, string? CaseId,
    LocalDate RaisedOn, IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record DisputeAgreementRecorded(
    string DisputeId, string Terms, IReadOnlyList<string> SignedBy, bool Settled, string? CompetentAgency, LocalDate AgreedOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

public sealed record DisputeRuled(
    string DisputeId, string? CaseId, string Government, string Ruling, IReadOnlyList<string> Binds, string? CompetentAgency, LocalDate RuledOn,
    IReadOnlyList<OfficerSignature> Officers, IReadOnlyList<string> Documents, string RecordedBy);

/// <summary>A dispute as its events made it. Built by <see cref="Dispute.Evolve"/> only.</summary>
public sealed record DisputeState(DisputeRaised Raising)
{
    public string Id => Raising.DisputeId;
    public string? CaseId => Raising.CaseId;
    /// <summary>Every party: the raising agency first, then the others. (Methods, not properties: the stored document holds the events' data only.)</summary>
    public IReadOnlyList<string> Parties() => [Raising.RaisedByAgency, .. Raising.Agencies];
    public IReadOnlyList<DisputeAgreementRecorded> Agreements { get; init; } = [];
    public DisputeRuled? Ruling { get; init; }

    public bool Settled() => Agreements.Any(a => a.Settled);

    /// <summary>The agencies bound and the competent agency they are bound to, by agreement (its signers) or by ruling (those it names).</summary>
    public IReadOnlyDictionary<string, string?> Bound() =>
        Agreements.SelectMany(a => a.SignedBy.Select(agency => (agency, a.CompetentAgency)))
            .Concat(Ruling is { } r ? r.Binds.Select(agency => (agency, r.CompetentAgency)) : [])
            .GroupBy(x => x.agency).ToDictionary(g => g.Key, g => g.Last().CompetentAgency);

    internal DisputeState Apply(object @event) => @event switch
    {
        DisputeAgreementRecorded e => this with { Agreements = [.. Agreements, e] },
        DisputeRuled e => this with { Ruling = e },
        _ => this,
    };
}

/// <summary>
/// What the engine read for raising a dispute: the office, the agencies in dispute and, when the dispute names a case, the agency
/// the case belongs to (null: no such case).
/// </summary>
public sealed record DisputeParties(Agency? Office, IReadOnlyList<Agency> Agencies, string? CaseAgencyId = null);
