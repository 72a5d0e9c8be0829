using NodaTime;

namespace CaseLedger.Domain.Officers;

// The officer register is event-sourced (domain.md §8.1): certificates are issued, renewed, suspended
// and revoked, never edited. One stream per officer.

/// <summary>An officer registered; <see cref="ReviewingSince"/> is when a legal reviewer or reconsideration staff member first did that work, if before registration.</summary>
public sealed record OfficerRegistered(
    string OfficerId,
    string Name,
    string AgencyId,
    IReadOnlyList<Role> Roles,
    bool LegalProfessionalQualification,
    string RegisteredBy,
    Instant RegisteredAt,
    LocalDate? ReviewingSince = null,
    Employment Employment = Employment.Established);

/// <summary>
/// What a certificate allows: enforcement in its domain (I1, 行政处罚法 Art. 42), enforcement supervision (山东省行政执法监督条例
/// Art. 22), or presiding over hearings (Art. 11: a hearing presider holds the provincial presider certificate).
/// </summary>
public enum CertificateKind { Enforcement, Supervision, Presider }

/// <summary>
/// How an officer is employed. Only established staff (在编) are certified: contract (聘用), dispatched (劳务派遣) and seconded
/// (借调) staff never enforce (山东省行政执法监督条例 Art. 10).
/// </summary>
public enum Employment { Established, Contract, Dispatched, Seconded }

public sealed record CertificateIssued(
    string OfficerId,
    string Number,
    string Domain,
    LocalDate ValidFrom,
    LocalDate ValidTo,
    string IssuedBy,
    Instant IssuedAt,
    CertificateKind Kind = CertificateKind.Enforcement,
    string? ImportedFrom = null);

public sealed record CertificateRenewed(
    string OfficerId,
    string Number,
    LocalDate ValidTo,
    string RenewedBy,
    Instant RenewedAt);

public sealed record CertificateSuspended(
    string OfficerId,
    string Number,
    LocalDate From,
    LocalDate? Until,
    string Reason,
    string SuspendedBy,
    Instant SuspendedAt);

public sealed record CertificateRevoked(
    string OfficerId,
    string Number,
    LocalDate EffectiveOn,
    string Reason,
    string RevokedBy,
    Instant RevokedAt);

/// <summary>
/// The register records (or corrects) when a legal reviewer or reconsideration staff member first did that work: those who
/// began before the qualification was required need not hold it (行政处罚法 Art. 58(2); 行政复议法 Art. 6).
/// </summary>
public sealed record ReviewingSinceRecorded(
    string OfficerId,
    LocalDate Since,
    string RecordedBy,
    Instant RecordedAt);

public sealed record Suspension(LocalDate From, LocalDate? Until)
{
    public bool Covers(LocalDate date) => date >= From && (Until is null || date <= Until);
}

public sealed record Certificate(
    string Number,
    string Domain,
    LocalDate ValidFrom,
    LocalDate ValidTo,
    LocalDate? RevokedOn,
    IReadOnlyList<Suspension> Suspensions,
    CertificateKind Kind = CertificateKind.Enforcement,
    string? ImportedFrom = null)
{
    /// <summary>The last periodic review (山东省行政执法监督条例 Art. 10), passed or not; a failed one revoked the certificate.</summary>
    public LocalDate? ReviewedOn { get; init; }

    /// <summary>Valid for enforcement on that date: inside its validity, not yet revoked, not suspended.</summary>
    public bool IsValidOn(LocalDate date) =>
        date >= ValidFrom && date <= ValidTo
        && (RevokedOn is null || date < RevokedOn)
        && !Suspensions.Any(s => s.Covers(date));
}

/// <summary>An officer as the register knows them: the write model of an officer stream and its read model.</summary>
public sealed record Officer(
    string Id,
    string Name,
    string AgencyId,
    IReadOnlyList<Role> Roles,
    bool LegalProfessionalQualification,
    IReadOnlyList<Certificate> Certificates,
    Instant RegisteredAt,
    LocalDate? ReviewingSince = null)
{
    public bool Has(Role role) => Roles.Contains(role);

    /// <summary>
    /// Whether this officer may do legal review (or reconsideration) work where those who first do it on or after
    /// <paramref name="qualificationRequiredFrom"/> need the legal professional qualification (行政处罚法 Art. 58(2);
    /// 行政复议法 Art. 6): qualified, or recorded as doing that work since before that date.
    /// </summary>
    public bool MayReview(LocalDate qualificationRequiredFrom) =>
        LegalProfessionalQualification || (ReviewingSince is { } since && since < qualificationRequiredFrom);

    /// <summary>When the officer was deactivated (null: active). A deactivated officer's tokens open nothing.</summary>
    public Instant? DeactivatedAt { get; init; }

    public bool IsActive => DeactivatedAt is null;

    /// <summary>Auxiliary staff never count as officers, never sign and never approve (domain.md I1).</summary>
    public bool IsAuxiliary => Has(Role.Auxiliary) && !Has(Role.EnforcementOfficer);

    public Employment Employment { get; init; }

    /// <summary>Auxiliary, contract, dispatched and seconded staff are never certified (Art. 10; Outline item 24).</summary>
    public bool MayHoldCertificate => !IsAuxiliary && Employment == Employment.Established;

    /// <summary>Training in law and ethics recorded on the register (Art. 10).</summary>
    public IReadOnlyList<TrainingRecord> Training { get; init; } = [];

    /// <summary>Examinations taken, passed or failed (Art. 10): a certificate is issued only after a passed one.</summary>
    public IReadOnlyList<ExaminationRecord> Examinations { get; init; } = [];

    /// <summary>The certificate that allows this officer to enforce in <paramref name="domain"/> on <paramref name="date"/>, if any.</summary>
    public Certificate? CertificateFor(string domain, LocalDate date) =>
        !MayHoldCertificate ? null : Certificates.FirstOrDefault(c => c.Kind == CertificateKind.Enforcement && c.Domain == domain && c.IsValidOn(date));

    /// <summary>The supervision certificate valid on <paramref name="date"/>, if any (山东省行政执法监督条例 Art. 22).</summary>
    public Certificate? SupervisionCertificateOn(LocalDate date) =>
        !MayHoldCertificate ? null : Certificates.FirstOrDefault(c => c.Kind == CertificateKind.Supervision && c.IsValidOn(date));

    /// <summary>The hearing presider certificate valid on <paramref name="date"/>, if any (山东省行政执法监督条例 Art. 11).</summary>
    public Certificate? PresiderCertificateOn(LocalDate date) =>
        !MayHoldCertificate ? null : Certificates.FirstOrDefault(c => c.Kind == CertificateKind.Presider && c.IsValidOn(date));

    public static Officer Registered(OfficerRegistered e) =>
        new(e.OfficerId, e.Name, e.AgencyId, e.Roles, e.LegalProfessionalQualification, [], e.RegisteredAt, e.ReviewingSince) { Employment = e.Employment };

    public Officer After(object @event) => @event switch
    {
        CertificateIssued e => this with
        {
            Certificates = [.. Certificates.Where(c => c.Number != e.Number), new Certificate(e.Number, e.Domain, e.ValidFrom, e.ValidTo, null, [], e.Kind, e.ImportedFrom)],
        },
        CertificateRenewed e => WithCertificate(e.Number, c => c with { ValidTo = e.ValidTo }),
        CertificateSuspended e => WithCertificate(e.Number, c => c with { Suspensions = [.. c.Suspensions, new Suspension(e.From, e.Until)] }),
        CertificateRevoked e => WithCertificate(e.Number, c => c with { RevokedOn = e.EffectiveOn }),
        ReviewingSinceRecorded e => this with { ReviewingSince = e.Since },
        TrainingRecorded e => this with { Training = [.. Training, new TrainingRecord(e.Course, e.Hours, e.CompletedOn)] },
        ExaminationRecorded e => this with { Examinations = [.. Examinations, new ExaminationRecord(e.Kind, e.Domain, e.TakenOn, e.Passed, e.Score)] },
        CertificateReviewed e => WithCertificate(e.Number, c => c with { ReviewedOn = e.ReviewedOn }),
        OfficerDeactivated e => this with { DeactivatedAt = e.DeactivatedAt },
        OfficerReactivated => this with { DeactivatedAt = null },
        _ => this,
    };

    public static Officer? Evolve(Officer? officer, object @event) => (officer, @event) switch
    {
        (null, OfficerRegistered e) => Registered(e),
        (not null, _) => officer.After(@event),
        _ => officer,
    };

    private Officer WithCertificate(string number, Func<Certificate, Certificate> change) =>
        this with { Certificates = [.. Certificates.Select(c => c.Number == number ? change(c) : c)] };
}
