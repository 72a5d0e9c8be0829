using System.Globalization;
using NodaTime;

namespace CaseLedger.Domain.Penalty;

internal readonly record struct Signer(string Id, SignatureCapacity As);

/// <summary>
/// The common checks of domain.md §8.4 for one step, in their order: named officers exist → the actor
/// may act → roles and certificates → recusal → dates → case closed. Validation of the request comes
/// before, the stage and the procedure rules after.
/// </summary>
internal sealed record Step(LocalDate On)
{
    public IReadOnlyList<Signer> Signers { get; init; } = [];
    public int MinimumOfficers { get; init; }
    public LocalDate? NotBefore { get; init; }
    public string? NotBeforeWhat { get; init; }
    public bool AllowedWhenClosed { get; init; }
    public bool ForParty { get; init; }

    /// <summary>Acting officers: each needs a certificate valid on the date; <paramref name="minimum"/> distinct certified ones (Art. 42).</summary>
    public Step Officers(IEnumerable<string>? ids, int minimum = 1) =>
        this with { Signers = [.. Signers, .. (ids ?? []).Distinct().Select(id => new Signer(id, SignatureCapacity.Officer))], MinimumOfficers = minimum };

    public Step Officer(string? id) => Officers(id is null ? [] : [id]);

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

    public Refusal? Check(PenaltyCaseState? state, CaseContext context, string domain) =>
        Known(context) ?? ActorMayAct(context, AgencyOf(state, context)) ?? OwnAgency(context, AgencyOf(state, context))
        ?? Qualified(context) ?? Certified(context, domain) ?? Recorder(state, context, domain)
        ?? NotRecused(state) ?? Dated(context) ?? Open(state);

    public IReadOnlyList<OfficerSignature> Signatures(CaseContext context, string domain) =>
        [.. Signers.Distinct().Select(s => new OfficerSignature(
            s.Id,
            context.Officers.TryGetValue(s.Id, out var officer) ? officer.CertificateFor(domain, On)?.Number : null,
            s.As))];

    internal Refusal? Known(CaseContext context) =>
        Signers.Any(s => string.IsNullOrWhiteSpace(s.Id)) ? Valid.Fail("Officer ids may not be empty.")
        : Signers.FirstOrDefault(s => !context.Officers.ContainsKey(s.Id)) is { Id: not null } missing
            ? new Refusal(RefusalCodes.NotFound, $"Officer '{missing.Id}' is not registered.")
            : null;

    private static string? AgencyOf(PenaltyCaseState? state, CaseContext context) => state?.AgencyId ?? context.Agency?.Id;

    /// <summary>Officers act only for the agency they belong to (I1: a body in the published list, its own officers).</summary>
    private Refusal? OwnAgency(CaseContext context, string? agencyId) =>
        agencyId is not null && Signers.Select(s => context.Officers[s.Id]).FirstOrDefault(o => o.AgencyId != agencyId) is { } stranger
            ? new Refusal(RefusalCodes.OfficerNotCertified, $"'{stranger.Id}' is an officer of '{stranger.AgencyId}', not of '{agencyId}', which handles this case.")
            : null;

    /// <summary>
    /// The one policy first (docs/access.md: the case's own staff, never administrators, integrators, supervisors or auditors),
    /// then who signs: a step that names officers is recorded by one of them, or by an agency head.
    /// </summary>
    private Refusal? ActorMayAct(CaseContext context, string? agencyId)
    {
        var actor = context.Actor;
        if (Authorization.MayRecord(actor, agencyId is null ? null : [agencyId], Authorization.CaseWriters, "steps on this case") is { } refused)
            return refused;
        var recordsForOthers = actor.Has(Role.AgencyHead);
        if (actor.Has(Role.Auxiliary) && !actor.Has(Role.EnforcementOfficer) && !recordsForOthers)
            return new Refusal(RefusalCodes.Forbidden, "Auxiliary staff never sign, approve or decide (I1).");
        if (Signers.Count == 0)
            return recordsForOthers || actor.Has(Role.EnforcementOfficer)
                ? null
                : new Refusal(RefusalCodes.Forbidden, $"'{actor.Id}' may not record this step.");
        return recordsForOthers || Signers.Any(s => s.Id == actor.Id)
            ? null
            : new Refusal(RefusalCodes.Forbidden, $"'{actor.Id}' is not one of the officers this step names, nor an agency head.");
    }

    /// <summary>
    /// A step that names no officer is an act of the one who records it: an enforcement act (I1, I2) needs that officer's
    /// certificate valid on its date and no recusal (I3). A step the party takes, recorded on its behalf, needs neither.
    /// </summary>
    private Refusal? Recorder(PenaltyCaseState? state, CaseContext context, string domain)
    {
        var actor = context.Actor;
        if (Signers.Count > 0 || ForParty) return null;
        if (!context.Officers.TryGetValue(actor.Id, out var officer) || officer.IsAuxiliary || officer.CertificateFor(domain, On) is null)
            return new Refusal(RefusalCodes.OfficerNotCertified,
                $"'{actor.Id}' records this enforcement step and holds no certificate valid for {domain} on {Dates.Show(On)} (I1).");
        return state is not null && state.Recused.Contains(actor.Id)
            ? new Refusal(RefusalCodes.OfficerRecused, $"Officer '{actor.Id}' is recused from this case (Art. 43).")
            : null;
    }

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

    internal Refusal? Certified(CaseContext context, string domain)
    {
        var acting = Signers.Where(s => s.As == SignatureCapacity.Officer).Select(s => context.Officers[s.Id]).ToList();
        var uncertified = acting.FirstOrDefault(o => !o.IsAuxiliary && o.CertificateFor(domain, On) is null);
        if (uncertified is not null)
            return new Refusal(RefusalCodes.OfficerNotCertified,
                $"Officer '{uncertified.Id}' holds no certificate valid for {domain} on {On.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.");
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

    internal Refusal? NotRecused(PenaltyCaseState? state) =>
        state is not null && Signers.FirstOrDefault(s => state.Recused.Contains(s.Id)) is { Id: not null } recused
            ? new Refusal(RefusalCodes.OfficerRecused, $"Officer '{recused.Id}' is recused from this case (Art. 43).")
            : null;

    internal Refusal? Dated(CaseContext context) =>
        On > context.Today
            ? new Refusal(RefusalCodes.DateOutOfOrder, $"{Dates.Show(On)} is later than today ({Dates.Show(context.Today)}).")
            : NotBefore is { } before && On < before
                ? new Refusal(RefusalCodes.DateOutOfOrder, $"{Dates.Show(On)} is earlier than the {NotBeforeWhat} on {Dates.Show(before)}.")
                : null;

    private Refusal? Open(PenaltyCaseState? state) =>
        state?.Closure is { } closed && !AllowedWhenClosed
            ? new Refusal(RefusalCodes.CaseClosed, $"The case was closed on {Dates.Show(closed.ClosedOn)}.")
            : null;
}

internal static class Dates
{
    public static string Show(LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
