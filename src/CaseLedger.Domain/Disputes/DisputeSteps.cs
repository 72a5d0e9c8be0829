using CaseLedger.Domain.SupervisionMatters;
using NodaTime;

namespace CaseLedger.Domain.Disputes;

/// <summary>
/// A dispute between agencies over enforcement (执法争议协调裁决, 山东省行政执法监督条例 Art. 18; domain.md §9) as a pure decider on
/// its own stream: raised by an agency's head to an organ that supervises every party and is none of them — the government's legal
/// affairs office (Art. 18), or the parties' common superior in their line, which designates the competent one (行政处罚法 Art. 25:
/// 报请共同的上一级行政机关指定管辖), coordinated by the office (an agreement binds
/// the agencies that signed it) or, failing agreement, ruled by the government (the ruling binds the agencies it names). What binds is
/// kept in the state (<see cref="DisputeState.Bound()"/>): the engine refuses a bound agency's decision on the case contrary to it.
/// </summary>
public static class Dispute
{
    /// <summary>The kebab-case command names; <c>raise</c> opens the stream (<c>POST /api/disputes</c>).</summary>
    public static IReadOnlyDictionary<string, Type> Commands { get; } = new Dictionary<string, Type>
    {
        ["raise"] = typeof(RaiseDispute),
        ["record-agreement"] = typeof(RecordDisputeAgreement),
        ["rule"] = typeof(RuleDispute),
    };

    public static IReadOnlyList<Type> EventTypes { get; } = [typeof(DisputeRaised), typeof(DisputeAgreementRecorded), typeof(DisputeRuled)];

    public static DisputeState? Evolve(DisputeState? state, object @event) => (state, @event) switch
    {
        (null, DisputeRaised e) => new DisputeState(e),
        (null, _) => null,
        _ => state.Apply(@event),
    };

    /// <summary>The raising agency's head refers it (Art. 18: an agency refers its dispute).</summary>
    private static readonly Staffing Heads = new([Role.AgencyHead], QualificationRequired: false, "enforcement dispute");

    /// <summary>The office's supervision staff coordinate and record, at least two with supervision certificates (Art. 22).</summary>
    private static readonly Staffing Office = new([Role.SupervisionStaff], QualificationRequired: false, "enforcement dispute")
    {
        SupervisionCertificate = true,
        MinimumRule = "山东省行政执法监督条例 Art. 22",
    };

    public static IReadOnlySet<Role> RaiseWriters => Heads.Writers;

    public static IReadOnlySet<Role> OfficeWriters => Office.Writers;

    public static Decision Decide(IDisputeCommand command, DisputeState? state, CaseContext context, DisputeParties? parties = null) =>
        (command, state) switch
        {
            (RaiseDispute c, _) => Raise(c, state, context, parties ?? new(null, [])),
            (_, null) => Decision.Refuse(RefusalCodes.NotFound, $"Dispute '{context.CaseId}' does not exist."),
            (RecordDisputeAgreement c, var s) => Agree(c, s, context),
            (RuleDispute c, var s) => Rule(c, s, context),
            _ => Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.GetType().Name}' is not a dispute command."),
        };

    public static string StageOf(DisputeState s) => s.Ruling is not null ? "ruled" : s.Settled() ? "agreed" : s.Agreements.Count > 0 ? "partly-agreed" : "raised";

    private static Decision Raise(RaiseDispute c, DisputeState? state, CaseContext context, DisputeParties parties)
    {
        if (state is not null)
            return state.Raising.Subject == c.Subject && state.Raising.RaisedOn == c.RaisedOn
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Dispute '{context.CaseId}' already exists.");
        var others = (c.Agencies ?? []).Distinct().ToList();
        var step = new Step(c.RaisedOn) { Staffing = Heads }.Head(c.RaisedBy);
        var raiser = c.RaisedBy is { } id && context.Officers.TryGetValue(id, out var head) ? head.AgencyId : null;
        return (Valid.Required(c.Subject, "subject") ?? Valid.Required(c.RaisedOn, "raisedOn") ?? Valid.Required(c.RaisedBy, "raisedBy")
                ?? Valid.Required(c.Office, "office")
                ?? (others.Count == 0 || others.Any(string.IsNullOrWhiteSpace) ? Valid.Fail("agencies: the other agencies in dispute (Art. 18).") : null)
                ?? Valid.Documents(c.Documents)
                ?? step.Check(context)
                ?? (others.Contains(raiser!) ? Valid.Fail($"'{raiser}' raises the dispute: name the other agencies in dispute.") : null)
                ?? (others.FirstOrDefault(a => parties.Agencies.All(p => p.Id != a)) is { } unknown
                    ? new Refusal(RefusalCodes.NotFound, $"Agency '{unknown}' is not registered.")
                    : null)
                ?? (parties.Office is not { } office ? new Refusal(RefusalCodes.NotFound, $"Agency '{c.Office}' is not registered.")
                    : others.Contains(office.Id) || office.Id == raiser
                        ? Valid.Fail($"'{office.Id}' is a party: the dispute goes to the legal affairs office or a common superior organ (Art. 18).")
                        : parties.Agencies.Select(a => SupervisionLaw.MaySupervise(office, a)).FirstOrDefault(r => r is not null))
                ?? CaseOfAParty(c.CaseId, parties.CaseAgencyId, [raiser!, .. others]))
            .Then(() => Decision.Accept(new DisputeRaised(context.CaseId, c.Kind, c.Subject!, raiser!, others, c.Office!, c.CaseId, c.RaisedOn,
                step.Signatures(context), Valid.Hashes(c.Documents), context.Actor.Id)));
    }

    /// <summary>A dispute over a case is one between the agency the case belongs to and the others: that agency is a party.</summary>
    private static Refusal? CaseOfAParty(string? caseId, string? caseAgency, IReadOnlyList<string> parties) =>
        caseId is not { Length: > 0 } ? null
        : caseAgency is null ? new Refusal(RefusalCodes.NotFound, $"Case '{caseId}' does not exist.")
        : !parties.Contains(caseAgency) ? Valid.Fail($"Case '{caseId}' belongs to '{caseAgency}', which is no party to this dispute ({string.Join(", ", parties)}).")
        : null;

    private static Step ByOffice(LocalDate on, IEnumerable<string>? supervisors) =>
        new Step(on) { Staffing = Office }.By(supervisors, SupervisionLaw.SupervisorsMinimum);

    /// <summary>Agencies named are parties to the dispute; the competent agency too.</summary>
    private static Refusal? Parties(DisputeState s, IReadOnlyList<string> named, string field, string? competent) =>
        named.Count == 0 || named.Any(string.IsNullOrWhiteSpace) ? Valid.Fail($"{field}: the agencies in dispute it concerns (Art. 18).")
        : named.FirstOrDefault(a => !s.Parties().Contains(a)) is { } stranger ? Valid.Fail($"'{stranger}' is no party to this dispute ({string.Join(", ", s.Parties())}).")
        : competent is { Length: > 0 } && !s.Parties().Contains(competent) ? Valid.Fail($"competentAgency '{competent}' is no party to this dispute.")
        : s.Raising.Kind == DisputeKind.Competence && string.IsNullOrWhiteSpace(competent) ? Valid.Fail("competentAgency is required: the dispute is over competence.")
        : null;

    private static Decision Agree(RecordDisputeAgreement c, DisputeState s, CaseContext context)
    {
        var signed = (c.SignedBy ?? []).Distinct().ToList();
        if (s.Agreements.Any(a => a.AgreedOn == c.AgreedOn && a.SignedBy.ToHashSet().SetEquals(signed))) return Decision.Nothing;
        var step = ByOffice(c.AgreedOn, c.Supervisors).After(s.Raising.RaisedOn, "referral of the dispute");
        return (Valid.Required(c.AgreedOn, "agreedOn") ?? Valid.Required(c.Terms, "terms")
                ?? (string.IsNullOrWhiteSpace(c.AgreementSha256) ? Valid.Fail("agreementSha256 is required: the agreement the agencies signed.") : null)
                ?? Valid.Sha256(c.AgreementSha256, "agreementSha256") ?? Valid.Documents(c.Documents)
                ?? Parties(s, signed, "signedBy", c.CompetentAgency)
                ?? step.Check(context)
                ?? (s.Ruling is { } ruled ? Valid.WrongStage($"The government ruled on {Dates.Show(ruled.RuledOn)}.") : null)
                ?? (s.Settled() ? Valid.WrongStage("Every party signed an agreement already.") : null))
            .Then(() => Decision.Accept(new DisputeAgreementRecorded(s.Id, c.Terms!, signed, s.Parties().All(signed.Contains), Blank(c.CompetentAgency),
                c.AgreedOn, step.Signatures(context), Valid.Hashes(c.Documents, c.AgreementSha256), context.Actor.Id)));
    }

    private static Decision Rule(RuleDispute c, DisputeState s, CaseContext context)
    {
        var binds = (c.Binds ?? []).Distinct().ToList();
        if (s.Ruling is { } done && done.RuledOn == c.RuledOn) return Decision.Nothing;
        var step = ByOffice(c.RuledOn, c.Supervisors).After(s.Agreements.Select(a => (LocalDate?)a.AgreedOn).Max() ?? s.Raising.RaisedOn, "last step of the dispute");
        return (Valid.Required(c.RuledOn, "ruledOn") ?? Valid.Required(c.Government, "government") ?? Valid.Required(c.Ruling, "ruling")
                ?? (string.IsNullOrWhiteSpace(c.RulingSha256) ? Valid.Fail("rulingSha256 is required: the government's ruling.") : null)
                ?? Valid.Sha256(c.RulingSha256, "rulingSha256") ?? Valid.Documents(c.Documents)
                ?? Parties(s, binds, "binds", c.CompetentAgency)
                ?? step.Check(context)
                ?? (s.Ruling is { } ruled ? Valid.WrongStage($"The government ruled on {Dates.Show(ruled.RuledOn)}.") : null)
                ?? (s.Settled()
                    ? new Refusal(RefusalCodes.DisputeAgreed,
                        $"Every party signed the agreement of {Dates.Show(s.Agreements.First(a => a.Settled).AgreedOn)}: the government rules only failing agreement (Art. 18).")
                    : null))
            .Then(() => Decision.Accept(new DisputeRuled(s.Id, s.CaseId, c.Government!, c.Ruling!, binds, Blank(c.CompetentAgency), c.RuledOn,
                step.Signatures(context), Valid.Hashes(c.Documents, c.RulingSha256), context.Actor.Id)));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>
    /// Art. 18's binding effect on the case the dispute names: an agency bound (by its signature or by the ruling) to another
    /// competent agency may not decide the case; the competent agency may.
    /// </summary>
    public static Refusal? Binding(DisputeState s, string agencyId) =>
        s.Bound().TryGetValue(agencyId, out var competent) && competent is { Length: > 0 } && competent != agencyId
            ? new Refusal(RefusalCodes.BoundByDispute, s.Ruling is { } r && r.Binds.Contains(agencyId)
                ? $"The government's ruling of {Dates.Show(r.RuledOn)} ({r.Government}) binds '{agencyId}': '{competent}' is competent (山东省行政执法监督条例 Art. 18)."
                : $"'{agencyId}' signed the agreement that '{competent}' is competent (山东省行政执法监督条例 Art. 18).")
            : null;
}
