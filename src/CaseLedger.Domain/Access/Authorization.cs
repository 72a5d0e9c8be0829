namespace CaseLedger.Domain;

/// <summary>The agencies a supervisor or auditor reads: every agency, or the list an administrator granted.</summary>
public sealed record ReadScope(bool All, IReadOnlySet<string> Agencies)
{
    public static readonly ReadScope None = new(false, new HashSet<string>());
    public static readonly ReadScope Everything = new(true, new HashSet<string>());

    /// <summary>The token for "every agency" in a grant.</summary>
    public const string AllAgencies = "*";

    public static ReadScope Of(IEnumerable<string> agencies)
    {
        var set = agencies.ToHashSet(StringComparer.Ordinal);
        return set.Contains(AllAgencies) ? Everything : new ReadScope(false, set);
    }

    public bool Covers(string agencyId) => All || Agencies.Contains(agencyId);

    /// <summary>Whether one of <paramref name="agencies"/> (a linked proceeding's) is covered.</summary>
    public bool CoversAny(IEnumerable<string?> agencies) => All || agencies.Any(a => a is { Length: > 0 } && Agencies.Contains(a));

    /// <summary>Refused unless the scope covers <paramref name="agencyId"/>.</summary>
    public Refusal? Reads(string agencyId, string what = "the records") =>
        Covers(agencyId) ? null : Authorization.Forbidden($"the reader may not read {what} of '{agencyId}': its staff read it, and supervisors and auditors within the scope an administrator grants");

    /// <summary>
    /// The agency a list (the deadline board, a queue) is about: the one asked for when the scope covers it, else the only
    /// one the scope covers; null means every agency. A reader of several agencies but not all names one.
    /// </summary>
    public (string? Agency, Refusal? Refusal) ListAgency(string? asked)
    {
        if (asked is { Length: > 0 }) return (asked, Reads(asked));
        if (All) return (null, null);
        return Agencies.Count switch
        {
            1 => (Agencies.First(), null),
            0 => (null, Authorization.Forbidden("the reader reads no agency's records")),
            _ => (null, new Refusal(RefusalCodes.ValidationFailed,
                $"Name the agency (?agency=): you read {string.Join(", ", Agencies.Order(StringComparer.Ordinal))}.")),
        };
    }
}

/// <summary>
/// The one authorization policy (docs/access.md): who may record on, and who may read, a target whose agencies come
/// from the stored record, never from what a request names. Every command and every read asks here; the procedure's own
/// checks (named officers, certificates, recusal, §8.4) come after.
/// </summary>
public static class Authorization
{
    public const string Rules = "docs/access.md";

    /// <summary>The staff of an agency: the roles that record its steps. Supervisors, auditors and integrators are not staff.</summary>
    public static readonly IReadOnlySet<Role> Staff = new HashSet<Role>
    {
        Role.EnforcementOfficer, Role.Auxiliary, Role.LegalReviewer, Role.AgencyHead, Role.HearingPresider, Role.ReconsiderationStaff,
        Role.SupervisionStaff,
    };

    /// <summary>Who records steps on a penalty case (auxiliary staff only alongside officers: I1, checked by the step).</summary>
    public static readonly IReadOnlySet<Role> CaseWriters = new HashSet<Role>
    {
        Role.EnforcementOfficer, Role.Auxiliary, Role.LegalReviewer, Role.AgencyHead, Role.HearingPresider,
    };

    public static readonly IReadOnlySet<Role> Overseers = new HashSet<Role> { Role.Supervisor, Role.Auditor };

    /// <summary>
    /// A write on a proceeding acted on by <paramref name="agencies"/> (null: not known yet, the role is checked alone): the
    /// actor holds one of <paramref name="writers"/> and belongs to one of the agencies. Administrators keep the register and
    /// are no agency's staff: they record no step of a case or a linked proceeding, nor do integrators, supervisors and
    /// auditors. Only CaseLedger itself carries an effect from one stream onto another, whatever its agency.
    /// </summary>
    public static Refusal? MayRecord(Actor actor, IReadOnlyCollection<string>? agencies, IReadOnlySet<Role> writers, string what)
    {
        if (actor.IsSystem) return null;
        if (!writers.Any(actor.Has))
            return Forbidden($"'{actor.Id}' holds none of the roles that record {what} ({string.Join(", ", writers.Select(r => Words.Kebab(r)))}){(actor.Has(Role.Admin) ? ": an administrator keeps the register, the agency's staff record its steps" : "")}");
        if (agencies is null || (actor.AgencyId is { } own && agencies.Contains(own))) return null;
        return Forbidden($"'{actor.Id}' of '{actor.AgencyId}' may not record {what}: only the staff of '{string.Join("' or '", agencies)}' do");
    }

    /// <summary>Reading the records of <paramref name="agencyId"/>: its own staff, supervisors and auditors whose scope covers it, administrators.</summary>
    public static bool MayRead(Actor actor, string agencyId) =>
        actor.Has(Role.Admin)
        || (Overseers.Any(actor.Has) && actor.Scope.Covers(agencyId))
        || (actor.AgencyId == agencyId && Staff.Any(actor.Has));

    /// <summary>Reading a record that belongs to several agencies (a linked proceeding): any one of them suffices.</summary>
    public static Refusal? MayReadAny(Actor actor, IEnumerable<string> agencies, string what)
    {
        var list = agencies.Where(a => a is { Length: > 0 }).Distinct().ToList();
        return actor.Has(Role.Admin) || list.Any(a => MayRead(actor, a))
            ? null
            : Forbidden($"'{actor.Id}' may not read {what} of '{string.Join("' or '", list)}': its staff read it, and supervisors and auditors within the scope an administrator grants");
    }

    /// <summary>
    /// The agencies an actor reads (deadlines, queues, figures, case files): what the engine's supervision queries are given.
    /// <c>ListScope(actor).Covers(a)</c> is <see cref="MayRead"/>.
    /// </summary>
    public static ReadScope ListScope(Actor actor) =>
        actor.Has(Role.Admin) ? ReadScope.Everything
        : Overseers.Any(actor.Has) ? actor.Scope.All ? ReadScope.Everything
            : new ReadScope(false, actor.AgencyId is { } own && Staff.Any(actor.Has) ? actor.Scope.Agencies.Append(own).ToHashSet() : actor.Scope.Agencies)
        : actor.AgencyId is { } mine && Staff.Any(actor.Has) ? new ReadScope(false, new HashSet<string> { mine })
        : ReadScope.None;

    public static Refusal Forbidden(string why) => new(RefusalCodes.Forbidden, $"{why} ({Rules}).");
}
