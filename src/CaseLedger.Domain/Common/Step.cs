using CaseLedger.Domain.Officers;
using NodaTime;

namespace CaseLedger.Domain;

internal readonly record struct Signer(string Id, SignatureCapacity As);

/// <summary>
/// Where a step is taken, as the common checks need it: who may record it (docs/access.md), who acts for it and what they
/// must hold, who is recused and whether the proceeding has ended. A penalty case makes one from its state
/// (<c>Penalty.CaseSteps</c>), a linked proceeding from its <see cref="Domain.Staffing"/> and the context.
/// </summary>
/// <param name="Agencies">The agencies whose staff act on it, from the stored record (null: none known yet, the role is checked alone).</param>
/// <param name="Writers">The roles that record its steps.</param>
/// <param name="What">What its steps are, for a refusal ("steps on this case").</param>
internal sealed record Jurisdiction(IReadOnlyCollection<string>? Agencies, IReadOnlySet<Role> Writers, string What)
{
    /// <summary>Penalty cases: acting officers hold a certificate for this domain valid on the step's date (I1, Art. 42).</summary>
    public string? CertificateDomain { get; init; }

    /// <summary>Linked proceedings: the roles and the qualification their named staff need.</summary>
    public Staffing? Staffing { get; init; }

    /// <summary>Besides heads and administrators, who records a step that names nobody (then acting alone).</summary>
    public IReadOnlySet<Role> RecordAlone { get; init; } = new HashSet<Role>();

    public IReadOnlyCollection<string> Recused { get; init; } = [];

    /// <summary>Why no step is taken any more (the case closed, the proceeding ended), unless the step is allowed then.</summary>
    public Refusal? Closed { get; init; }
}

/// <summary>
/// The common checks of domain.md §8.4 for one step of any proceeding, in their order: named officers exist → the actor may
/// act → they act for an agency acting on it → approvers, deciders and presiders hold their role → staff roles and qualification →
/// certificates and the two-officer minimum → one recording alone is qualified → recusal → dates → closed. Validation of the
/// request comes before, the stage and the procedure rules after.
/// </summary>
internal sealed record Step(LocalDate On)
{
    public IReadOnlyList<Signer> Signers { get; init; } = [];
    public int MinimumOfficers { get; init; }
    public LocalDate? NotBefore { get; init; }
    public string? NotBeforeWhat { get; init; }
    public bool AllowedWhenClosed { get; init; }
    public bool ForParty { get; init; }

    /// <summary>For a linked proceeding: who acts on it (set by its <c>Step</c> factory).</summary>
    public Staffing? Staffing { get; init; }

    /// <summary>Acting officers: each needs a certificate valid on the date; <paramref name="minimum"/> distinct certified ones (Art. 42).</summary>
    public Step Officers(IEnumerable<string>? ids, int minimum = 1) =>
        this with { Signers = [.. Signers, .. (ids ?? []).Distinct().Select(id => new Signer(id, SignatureCapacity.Officer))], MinimumOfficers = minimum };

    public Step Officer(string? id) => Officers(id is null ? [] : [id]);

    /// <summary>A linked proceeding's staff: at least <paramref name="minimum"/> of them (行政复议法 Art. 45: two to investigate).</summary>
    public Step By(IEnumerable<string>? staff, int minimum = 0) =>
        Officers((staff ?? []).Where(s => s is not null).Where(s => Signers.All(signer => signer.Id != s)), Math.Max(MinimumOfficers, minimum));

    /// <summary>An approver or decider: an agency head (the reconsideration body's head or the defendant's head).</summary>
    public Step Head(string? id) => As(SignatureCapacity.Decider, id);

    /// <summary>Someone signing in another capacity; approvers, deciders must be agency heads, a presider a hearing presider.</summary>
    public Step As(SignatureCapacity capacity, string? id) =>
        id is null ? this : this with { Signers = [.. Signers, new Signer(id, capacity)] };

    public Step As(SignatureCapacity capacity, IEnumerable<string>? ids) =>
        (ids ?? []).Distinct().Aggregate(this, (step, id) => step.As(capacity, id));

    /// <summary>The business date may not be earlier than the step it must follow.</summary>
    public Step After(LocalDate? date, string what) =>
        date is null || (NotBefore is not null && NotBefore >= date) ? this : this with { NotBefore = date, NotBeforeWhat = what };

    public Step EvenWhenClosed() => this with { AllowedWhenClosed = true };

    /// <summary>A step the party takes (recusal application, hearing request, waiver, statement), recorded by the agency's staff on its behalf.</summary>
    public Step OnBehalfOfParty() => this with { ForParty = true };

    /// <summary>A step of a linked proceeding: its staffing, the agencies the engine read, and when it ended.</summary>
    public Refusal? Check(CaseContext context, LocalDate? closedOn = null, string? closedWhat = null)
    {
        var staffing = Staffing ?? throw new InvalidOperationException("A step of a linked proceeding names its staffing.");
        return Check(context, new Jurisdiction(context.ActingAgencies, staffing.Writers, $"the steps of this {staffing.Body}")
        {
            Staffing = staffing,
            RecordAlone = staffing.Writers,
            Closed = closedOn is { } closed ? new Refusal(RefusalCodes.CaseClosed, $"The {closedWhat ?? staffing.Body} ended on {Dates.Show(closed)}.") : null,
        });
    }

    /// <summary>The one order of the common checks, for every kind of proceeding.</summary>
    public Refusal? Check(CaseContext context, Jurisdiction where) =>
        Known(context) ?? ActorMayAct(context, where) ?? OwnAgency(context, where) ?? Qualified(context) ?? Staffed(context, where.Staffing)
        ?? (where.CertificateDomain is { } domain ? Certified(context, domain) : null) ?? Recorder(context, where)
        ?? NotRecused(where.Recused) ?? Dated(context) ?? (AllowedWhenClosed ? null : where.Closed);

    /// <summary>Who signed, in which capacity, with the certificate held on the date (penalty cases; linked proceedings name none).</summary>
    public IReadOnlyList<OfficerSignature> Signatures(CaseContext context, string? domain = null) =>
        [.. Signers.Distinct().Select(s => new OfficerSignature(
            s.Id,
            domain is not null && context.Officers.TryGetValue(s.Id, out var officer) ? officer.CertificateFor(domain, On)?.Number : null,
            s.As))];

    internal Refusal? Known(CaseContext context) =>
        Signers.Any(s => string.IsNullOrWhiteSpace(s.Id)) ? Valid.Fail("Officer ids may not be empty.")
        : Signers.FirstOrDefault(s => !context.Officers.ContainsKey(s.Id)) is { Id: not null } missing
            ? new Refusal(RefusalCodes.NotFound, $"Officer '{missing.Id}' is not registered.")
            : null;

    /// <summary>
    /// The one policy first (docs/access.md: the agency's own staff, never administrators, integrators, supervisors or auditors),
    /// then who signs: auxiliary staff never record alone (I1); a step that names officers is recorded by one of them, or by an
    /// agency head.
    /// </summary>
    private Refusal? ActorMayAct(CaseContext context, Jurisdiction where)
    {
        var actor = context.Actor;
        if (Authorization.MayRecord(actor, where.Agencies, where.Writers, where.What) is { } refused)
            return refused;
        // Administrators keep the register and record no step (docs/access.md); only CaseLedger itself carries effects.
        // CaseLedger carries a routed petition's application onto a linked proceeding; it records no officer's step on a case.
        var recordsForOthers = actor.Has(Role.AgencyHead) || (actor.IsSystem && where.Staffing is not null);
        if (actor.Has(Role.Auxiliary) && !actor.Has(Role.EnforcementOfficer) && !recordsForOthers)
            return new Refusal(RefusalCodes.Forbidden, "Auxiliary staff never sign, approve or decide (I1).");
        var named = Acting(where);
        if (named.Count == 0)
            return recordsForOthers || where.RecordAlone.Any(actor.Has)
                ? null
                : new Refusal(RefusalCodes.Forbidden, $"'{actor.Id}' may not record this step.");
        var who = where.Staffing is null ? "officers" : "staff";
        return recordsForOthers || named.Any(s => s.Id == actor.Id)
            ? null
            : new Refusal(RefusalCodes.Forbidden, $"'{actor.Id}' is not one of the {who} this step names, nor an agency head.");
    }

    /// <summary>
    /// Whom a step names as acting, one of whom records it: on a penalty case everyone it names; on a linked proceeding its
    /// staff, whose step a head approves (a head named alone leaves the staff who record it acting).
    /// </summary>
    private IReadOnlyList<Signer> Acting(Jurisdiction where) =>
        where.Staffing is null ? Signers : [.. Signers.Where(s => s.As == SignatureCapacity.Officer)];

    /// <summary>
    /// Officers act only for the agency they belong to (I1: a body in the published list, its own officers); a linked
    /// proceeding's named staff for an agency acting on it.
    /// </summary>
    private Refusal? OwnAgency(CaseContext context, Jurisdiction where) =>
        where.Agencies is { Count: > 0 } agencies
        && Signers.Select(s => context.Officers[s.Id]).FirstOrDefault(o => !agencies.Contains(o.AgencyId)) is { } stranger
            ? new Refusal(RefusalCodes.OfficerNotCertified, where.Staffing is { } staffing
                ? $"'{stranger.Id}' is staff of '{stranger.AgencyId}', not of '{string.Join("' or '", agencies)}', which acts on this {staffing.Body}."
                : $"'{stranger.Id}' is an officer of '{stranger.AgencyId}', not of '{string.Join("' or '", agencies)}', which handles this case.")
            : null;

    /// <summary>Named approvers and deciders are agency heads, a presider holds the presider role (I1: never auxiliary staff).</summary>
    internal Refusal? Qualified(CaseContext context)
    {
        foreach (var signer in Signers)
        {
            var officer = context.Officers[signer.Id];
            var problem = signer.As switch
            {
                SignatureCapacity.Approver or SignatureCapacity.Decider when officer.IsAuxiliary || !officer.Has(Role.AgencyHead) =>
                    $"'{signer.Id}' must be an agency head to {(signer.As == SignatureCapacity.Decider ? "decide" : "approve")}.",
                SignatureCapacity.Presider when !officer.Has(Role.HearingPresider) =>
                    $"'{signer.Id}' does not hold the hearing-presider role.",
                _ => null,
            };
            if (problem is not null) return new Refusal(RefusalCodes.OfficerNotCertified, problem);
        }
        return null;
    }

    /// <summary>A linked proceeding's named staff act for it, hold the qualification it needs, and are as many as the step needs.</summary>
    private Refusal? Staffed(CaseContext context, Staffing? staffing)
    {
        if (staffing is null) return null;
        var staff = Signers.Where(s => s.As == SignatureCapacity.Officer).Select(s => context.Officers[s.Id]).ToList();
        if (staff.Select(o => staffing.Refuses(o, On)).FirstOrDefault(r => r is not null) is { } refused) return refused;
        return staff.Count < MinimumOfficers
            ? new Refusal(RefusalCodes.TwoOfficersRequired, $"This step needs at least {MinimumOfficers} staff ({staffing.MinimumRule}); {staff.Count} named.")
            : null;
    }

    internal Refusal? Certified(CaseContext context, string domain)
    {
        var acting = Signers.Where(s => s.As == SignatureCapacity.Officer).Select(s => context.Officers[s.Id]).ToList();
        var uncertified = acting.FirstOrDefault(o => !o.IsAuxiliary && o.CertificateFor(domain, On) is null);
        if (uncertified is not null)
            return new Refusal(RefusalCodes.OfficerNotCertified,
                $"Officer '{uncertified.Id}' holds no certificate valid for {domain} on {Dates.Show(On)}.");
        var certified = acting.Count(o => !o.IsAuxiliary);
        if (certified < MinimumOfficers)
            return MinimumOfficers >= 2
                ? new Refusal(RefusalCodes.TwoOfficersRequired,
                    $"This step needs at least two distinct certified officers (Art. 42); {certified} named, auxiliary staff never count.")
                : new Refusal(RefusalCodes.OfficerNotCertified, "This step needs a certified enforcement officer.");
        var auxiliary = acting.FirstOrDefault(o => o.IsAuxiliary);
        return auxiliary is null
            ? null
            : new Refusal(RefusalCodes.OfficerNotCertified, $"'{auxiliary.Id}' is auxiliary staff and never signs as an officer (I1).");
    }

    /// <summary>
    /// A step that names no one is an act of the one who records it, who must hold what a named officer would: the certificate
    /// valid on its date and no recusal (I1–I3), or the proceeding's staff qualification (行政复议法 Art. 6). A step the party
    /// takes, recorded on its behalf, needs neither; a linked proceeding's head records for its staff.
    /// </summary>
    private Refusal? Recorder(CaseContext context, Jurisdiction where)
    {
        var actor = context.Actor;
        if (Acting(where).Count > 0 || ForParty || actor.IsSystem) return null;
        if (where.CertificateDomain is { } domain)
        {
            if (!context.Officers.TryGetValue(actor.Id, out var officer) || officer.IsAuxiliary || officer.CertificateFor(domain, On) is null)
                return new Refusal(RefusalCodes.OfficerNotCertified,
                    $"'{actor.Id}' records this enforcement step and holds no certificate valid for {domain} on {Dates.Show(On)} (I1).");
            return where.Recused.Contains(actor.Id)
                ? new Refusal(RefusalCodes.OfficerRecused, $"Officer '{actor.Id}' is recused from this case (Art. 43).")
                : null;
        }
        if (where.Staffing is not { } staffing || actor.Has(Role.AgencyHead)) return null;
        return context.Officers.TryGetValue(actor.Id, out var recorder)
            ? staffing.Refuses(recorder, On)
            : new Refusal(RefusalCodes.OfficerNotCertified, $"'{actor.Id}' records this step and is not in the register.");
    }

    internal Refusal? NotRecused(IReadOnlyCollection<string> recused) =>
        Signers.FirstOrDefault(s => recused.Contains(s.Id)) is { Id: not null } officer
            ? new Refusal(RefusalCodes.OfficerRecused, $"Officer '{officer.Id}' is recused from this case (Art. 43).")
            : null;

    internal Refusal? Dated(CaseContext context) =>
        On > context.Today
            ? new Refusal(RefusalCodes.DateOutOfOrder, $"{Dates.Show(On)} is later than today ({Dates.Show(context.Today)}).")
            : NotBefore is { } before && On < before
                ? new Refusal(RefusalCodes.DateOutOfOrder, $"{Dates.Show(On)} is earlier than the {NotBeforeWhat} on {Dates.Show(before)}.")
                : null;
}
