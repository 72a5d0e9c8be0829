using NodaTime;

namespace CaseLedger.Domain.Agencies;

public enum AgencyLevel { Province, City, County, Township }

/// <summary>Fine amounts (yuan) by the kind of party, e.g. the "large fine" that triggers a hearing (Art. 63).</summary>
public sealed record PartyThresholds(decimal Citizen, decimal Organisation);

/// <summary>
/// An agency's configurable procedure policy (domain.md §6). A case keeps the policy in force on its filing date.
/// <see cref="DecisionDays"/> and <see cref="ExtensionDays"/> are the decision limit of Art. 60 ("unless laws, regulations
/// or rules provide otherwise") and the head's first extension, 90 and 30 days unless a sector rule says otherwise.
/// </summary>
public sealed record AgencyPolicy(
    PartyThresholds HearingThresholds,
    IReadOnlyList<string> LegalReviewCatalogue,
    bool FastTrack,
    bool RestDayExtension,
    PartyThresholds? LegalReviewThresholds = null,
    int DecisionDays = AgencyPolicy.DefaultDecisionDays,
    int ExtensionDays = AgencyPolicy.DefaultExtensionDays)
{
    public const int DefaultDecisionDays = 90;
    public const int DefaultExtensionDays = 30;

    /// <summary>SAMR-like defaults: hearing from 10,000 / 100,000 yuan; rest-day extension on (§5).</summary>
    public static readonly AgencyPolicy Default = new(new PartyThresholds(10_000m, 100_000m), [], false, true);
}

public sealed record AgencyRegistered(
    string AgencyId,
    string Name,
    AgencyLevel Level,
    string Domain,
    AgencyPolicy Policy,
    LocalDate PolicyEffectiveFrom,
    string RegisteredBy,
    Instant RegisteredAt);

public sealed record AgencyPolicyChanged(
    string AgencyId,
    LocalDate EffectiveFrom,
    AgencyPolicy Policy,
    string ChangedBy,
    Instant ChangedAt);

public sealed record PolicyVersion(LocalDate EffectiveFrom, AgencyPolicy Policy);

/// <summary>A published enforcement body with its policy history.</summary>
public sealed record Agency(string Id, string Name, AgencyLevel Level, string Domain, IReadOnlyList<PolicyVersion> Policies)
{
    /// <summary>The policy in force on <paramref name="date"/>: the latest version effective on or before it.</summary>
    public AgencyPolicy PolicyOn(LocalDate date) =>
        Policies.Where(p => p.EffectiveFrom <= date).OrderBy(p => p.EffectiveFrom).LastOrDefault()?.Policy
        ?? Policies.OrderBy(p => p.EffectiveFrom).First().Policy;

    public static Agency? Evolve(Agency? agency, object @event) => (agency, @event) switch
    {
        (null, AgencyRegistered e) => new Agency(e.AgencyId, e.Name, e.Level, e.Domain, [new PolicyVersion(e.PolicyEffectiveFrom, e.Policy)]),
        (not null, AgencyPolicyChanged e) => agency with
        {
            Policies = [.. agency.Policies.Where(p => p.EffectiveFrom != e.EffectiveFrom), new PolicyVersion(e.EffectiveFrom, e.Policy)],
        },
        _ => agency,
    };
}

public sealed record RegisterAgency(string AgencyId, string Name, AgencyLevel Level, string Domain, AgencyPolicy? Policy = null, LocalDate? PolicyEffectiveFrom = null);

public sealed record ChangeAgencyPolicy(LocalDate EffectiveFrom, AgencyPolicy Policy);

public static class AgencyRegister
{
    public static Decision Decide(RegisterAgency command, Agency? existing, Actor actor, Instant now)
    {
        if (string.IsNullOrWhiteSpace(command.AgencyId) || string.IsNullOrWhiteSpace(command.Name) || string.IsNullOrWhiteSpace(command.Domain))
            return Decision.Refuse(RefusalCodes.ValidationFailed, "agencyId, name and domain are required.");
        if (existing is not null)
            return Decision.Refuse(RefusalCodes.AlreadyExists, $"Agency '{command.AgencyId}' is already registered.");
        var policy = command.Policy ?? AgencyPolicy.Default;
        var problem = Validate(policy);
        if (problem is not null) return Decision.Refuse(problem);
        return Decision.Accept(new AgencyRegistered(
            command.AgencyId, command.Name, command.Level, command.Domain, policy,
            command.PolicyEffectiveFrom ?? new LocalDate(2000, 1, 1), actor.Id, now));
    }

    public static Decision Decide(ChangeAgencyPolicy command, Agency agency, Actor actor, Instant now)
    {
        var problem = Validate(command.Policy);
        if (problem is not null) return Decision.Refuse(problem);
        return Decision.Accept(new AgencyPolicyChanged(agency.Id, command.EffectiveFrom, command.Policy, actor.Id, now));
    }

    private static Refusal? Validate(AgencyPolicy policy) =>
        policy.HearingThresholds is null
            ? new Refusal(RefusalCodes.ValidationFailed, "policy.hearingThresholds is required.")
            : policy.HearingThresholds.Citizen <= 0 || policy.HearingThresholds.Organisation <= 0
                ? new Refusal(RefusalCodes.ValidationFailed, "Hearing thresholds must be positive amounts in yuan.")
                : policy.DecisionDays <= 0 || policy.ExtensionDays < 0
                    ? new Refusal(RefusalCodes.ValidationFailed, "policy.decisionDays must be positive and policy.extensionDays not negative.")
                    : null;
}
