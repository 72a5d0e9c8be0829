using NodaTime;

namespace CaseLedger.Domain.Officers;

public sealed record RegisterOfficer(
    string OfficerId,
    string Name,
    string AgencyId,
    IReadOnlyList<Role> Roles,
    bool LegalProfessionalQualification,
    LocalDate? ReviewingSince = null,
    Employment Employment = Employment.Established);

/// <summary>
/// <c>POST /api/officers/{id}/certificates</c>: an enforcement certificate for a domain, or (<c>kind: supervision</c>) the
/// provincial supervision certificate supervision staff hold and show (山东省行政执法监督条例 Art. 22), whose domain names what it
/// covers (e.g. <c>enforcement-supervision</c>), or (<c>kind: presider</c>) the hearing presider certificate (Art. 11). On the
/// qualification cycle it follows a passed examination after the required training (<see cref="Qualification.Examined"/>);
/// <see cref="ImportedFrom"/> records instead a certificate the issuing authority granted before CaseLedger kept the register
/// (its register entry or document number), kept as imported on the certificate.
/// </summary>
public sealed record IssueCertificate(string Number, string Domain, LocalDate ValidFrom, LocalDate ValidTo,
    CertificateKind Kind = CertificateKind.Enforcement, string? ImportedFrom = null);

public sealed record RenewCertificate(string Number, LocalDate ValidTo);

public sealed record SuspendCertificate(string Number, LocalDate From, string Reason, LocalDate? Until = null);

/// <summary><c>POST /api/officers/{id}/reviewing-since</c>: when the officer first did legal review or reconsideration work.</summary>
public sealed record RecordReviewingSince(LocalDate Since);

public sealed record RevokeCertificate(string Number, LocalDate EffectiveOn, string Reason);

/// <summary>Decisions on an officer stream. Administrators only; the caller checks the role.</summary>
public static class OfficerRegister
{
    /// <summary>Ids no officer takes: CaseLedger itself (which carries effects onto any agency's case) and the first administrator.</summary>
    public static readonly IReadOnlySet<string> ReservedIds = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { Actor.System.Id, "bootstrap-admin" };

    public static Decision Decide(RegisterOfficer command, Officer? existing, bool agencyExists, Actor actor, Instant now)
    {
        if (string.IsNullOrWhiteSpace(command.OfficerId) || string.IsNullOrWhiteSpace(command.Name))
            return Decision.Refuse(RefusalCodes.ValidationFailed, "officerId and name are required.");
        if (ReservedIds.Contains(command.OfficerId.Trim()))
            return Decision.Refuse(RefusalCodes.ValidationFailed, $"'{command.OfficerId}' is reserved for CaseLedger itself and may not name an officer.");
        if (command.Roles.Count == 0)
            return Decision.Refuse(RefusalCodes.ValidationFailed, "An officer needs at least one role.");
        if (!agencyExists)
            return Decision.Refuse(RefusalCodes.NotFound, $"Agency '{command.AgencyId}' is not registered.");
        if (existing is not null)
            return Decision.Refuse(RefusalCodes.AlreadyExists, $"Officer '{command.OfficerId}' is already registered.");
        return Decision.Accept(new OfficerRegistered(
            command.OfficerId, command.Name, command.AgencyId, command.Roles.Distinct().ToArray(),
            command.LegalProfessionalQualification, actor.Id, now, command.ReviewingSince, command.Employment));
    }

    public static Decision Decide(IssueCertificate command, Officer officer, Actor actor, Instant now) =>
        Decide(command, officer, QualificationPolicy.Default, actor, now);

    public static Decision Decide(IssueCertificate command, Officer officer, QualificationPolicy policy, Actor actor, Instant now)
    {
        if (string.IsNullOrWhiteSpace(command.Number) || string.IsNullOrWhiteSpace(command.Domain))
            return Decision.Refuse(RefusalCodes.ValidationFailed, "number and domain are required.");
        if (command.ValidTo < command.ValidFrom)
            return Decision.Refuse(RefusalCodes.ValidationFailed, "validTo must not be before validFrom.");
        if (command.ImportedFrom is { } imported && string.IsNullOrWhiteSpace(imported))
            return Decision.Refuse(RefusalCodes.ValidationFailed, "importedFrom, when given, names the issuing authority's register entry or document.");
        if (officer.IsAuxiliary)
            return Decision.Refuse(RefusalCodes.CertificateNotAllowed, "Auxiliary staff never hold a certificate (domain.md I1; Outline item 24).");
        if (!officer.MayHoldCertificate)
            return Decision.Refuse(RefusalCodes.CertificateNotAllowed,
                $"'{officer.Id}' is {officer.Employment.ToString().ToLowerInvariant()} staff: contract, dispatched and seconded staff never enforce (山东省行政执法监督条例 Art. 10).");
        if (command.Kind == CertificateKind.Supervision && !officer.Has(Role.SupervisionStaff))
            return Decision.Refuse(RefusalCodes.ValidationFailed, $"'{officer.Id}' is not supervision staff: the supervision certificate is theirs (山东省行政执法监督条例 Art. 22).");
        if (command.Kind == CertificateKind.Presider && !officer.Has(Role.HearingPresider))
            return Decision.Refuse(RefusalCodes.ValidationFailed, $"'{officer.Id}' is no hearing presider: the presider certificate is theirs (山东省行政执法监督条例 Art. 11).");
        var same = officer.Certificates.FirstOrDefault(c => c.Number == command.Number);
        if (same is not null)
            return same.Domain == command.Domain && same.ValidFrom == command.ValidFrom && same.ValidTo == command.ValidTo && same.Kind == command.Kind
                    && same.ImportedFrom == command.ImportedFrom?.Trim()
                ? Decision.Nothing
                : Decision.Refuse(RefusalCodes.AlreadyExists, $"Certificate {command.Number} was issued already; renew, suspend or revoke it instead of editing it.");
        if (command.ImportedFrom is null && Qualification.Examined(command, officer, policy) is { } notExamined)
            return Decision.Refuse(notExamined);
        return Decision.Accept(new CertificateIssued(officer.Id, command.Number, command.Domain, command.ValidFrom, command.ValidTo, actor.Id, now, command.Kind,
            command.ImportedFrom?.Trim()));
    }

    public static Decision Decide(RenewCertificate command, Officer officer, Actor actor, Instant now) =>
        WithCertificate(officer, command.Number, c =>
            c.RevokedOn is not null ? Decision.Refuse(RefusalCodes.WrongStage, $"Certificate {command.Number} was revoked; issue a new one.")
            : command.ValidTo <= c.ValidTo ? Decision.Refuse(RefusalCodes.ValidationFailed, "A renewal must extend the validity.")
            : Decision.Accept(new CertificateRenewed(officer.Id, command.Number, command.ValidTo, actor.Id, now)));

    public static Decision Decide(SuspendCertificate command, Officer officer, Actor actor, Instant now) =>
        string.IsNullOrWhiteSpace(command.Reason) ? Decision.Refuse(RefusalCodes.ValidationFailed, "A suspension needs a reason.")
        : command.Until < command.From ? Decision.Refuse(RefusalCodes.ValidationFailed, "until must not be before from.")
        : WithCertificate(officer, command.Number, _ =>
            Decision.Accept(new CertificateSuspended(officer.Id, command.Number, command.From, command.Until, command.Reason, actor.Id, now)));

    public static Decision Decide(RevokeCertificate command, Officer officer, Actor actor, Instant now) =>
        string.IsNullOrWhiteSpace(command.Reason) ? Decision.Refuse(RefusalCodes.ValidationFailed, "A revocation needs a reason.")
        : WithCertificate(officer, command.Number, c =>
            c.RevokedOn is not null ? Decision.Nothing
            : Decision.Accept(new CertificateRevoked(officer.Id, command.Number, command.EffectiveOn, command.Reason, actor.Id, now)));

    public static Decision Decide(RecordReviewingSince command, Officer officer, Actor actor, Instant now) =>
        command.Since == default ? Decision.Refuse(RefusalCodes.ValidationFailed, "since is required.")
        : command.Since > AgencyZone.Today(now) ? Decision.Refuse(RefusalCodes.DateOutOfOrder, "since may not be later than today.")
        : !officer.Has(Role.LegalReviewer) && !officer.Has(Role.ReconsiderationStaff)
            ? Decision.Refuse(RefusalCodes.ValidationFailed, $"'{officer.Id}' is neither a legal reviewer nor reconsideration staff.")
        : officer.ReviewingSince == command.Since ? Decision.Nothing
        : Decision.Accept(new ReviewingSinceRecorded(officer.Id, command.Since, actor.Id, now));

    private static Decision WithCertificate(Officer officer, string number, Func<Certificate, Decision> decide)
    {
        var certificate = officer.Certificates.FirstOrDefault(c => c.Number == number);
        return certificate is null
            ? Decision.Refuse(RefusalCodes.NotFound, $"Officer '{officer.Id}' holds no certificate {number}.")
            : decide(certificate);
    }
}
