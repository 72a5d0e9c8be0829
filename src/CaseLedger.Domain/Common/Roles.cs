namespace CaseLedger.Domain;

/// <summary>What an actor may do (domain.md §8.1). Kebab-case on the wire.</summary>
public enum Role
{
    EnforcementOfficer,
    Auxiliary,
    LegalReviewer,
    AgencyHead,
    HearingPresider,
    ReconsiderationStaff,
    /// <summary>Staff of a supervising organ who act on supervision matters with a supervision certificate (山东省行政执法监督条例 Arts. 4, 22); a <see cref="Supervisor"/> reads.</summary>
    SupervisionStaff,
    Supervisor,
    Auditor,
    Integrator,
    Admin,
}

/// <summary>Who is acting: the token's owner. The actor is recorded on every event it causes.</summary>
public sealed record Actor(string Id, string Name, IReadOnlySet<Role> Roles, string? AgencyId)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>The agencies a supervisor or auditor reads, as an administrator granted them (docs/access.md).</summary>
    public ReadScope Scope { get; init; } = ReadScope.None;

    /// <summary>The system itself, for events nobody typed (a deadline that passed, an effect carried from another stream).</summary>
    public static readonly Actor System = new("system", "CaseLedger", new HashSet<Role> { Role.Admin }, null);

    /// <summary>Whether this is CaseLedger itself: the register refuses an officer of this id (<see cref="Officers.OfficerRegister"/>).</summary>
    public bool IsSystem => Id == System.Id;
}
