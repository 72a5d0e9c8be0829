using NodaTime;

namespace CaseLedger.Domain.Officers;

/// <summary>An officer who leaves or is stood down: their tokens stop at once; what they recorded stays as it was.</summary>
public sealed record DeactivateOfficer(string Reason);

public sealed record ReactivateOfficer(string Reason);

public sealed record OfficerDeactivated(string OfficerId, string Reason, string DeactivatedBy, Instant DeactivatedAt);

public sealed record OfficerReactivated(string OfficerId, string Reason, string ReactivatedBy, Instant ReactivatedAt);

/// <summary>Deactivation and reactivation of an officer (docs/access.md). Administrators only; the caller checks the role.</summary>
public static class OfficerActivation
{
    public static Decision Decide(DeactivateOfficer command, Officer officer, Actor actor, Instant now) =>
        string.IsNullOrWhiteSpace(command.Reason) ? Decision.Refuse(RefusalCodes.ValidationFailed, "A deactivation needs a reason.")
        : !officer.IsActive ? Decision.Nothing
        : Decision.Accept(new OfficerDeactivated(officer.Id, command.Reason, actor.Id, now));

    public static Decision Decide(ReactivateOfficer command, Officer officer, Actor actor, Instant now) =>
        string.IsNullOrWhiteSpace(command.Reason) ? Decision.Refuse(RefusalCodes.ValidationFailed, "A reactivation needs a reason.")
        : officer.IsActive ? Decision.Nothing
        : Decision.Accept(new OfficerReactivated(officer.Id, command.Reason, actor.Id, now));
}
