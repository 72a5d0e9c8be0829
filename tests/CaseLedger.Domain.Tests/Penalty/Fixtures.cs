using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>The agency, its officers and the clock every penalty spec starts from.</summary>
internal static class Fixtures
{
    public const string Domain = "market-regulation";
    public const string AgencyId = "amr-licheng";
    public const string CaseId = "0f3c2a91-7d4e-4b8a-9c1d-2e5f6a7b8c9d";

    public static readonly IWorkingDayCalendar Calendar = HolidayCalendar.Official();

    /// <summary>Hearing from 10,000 / 100,000 yuan; legal review from 50,000 / 500,000; licence revocation in the review catalogue.</summary>
    public static readonly AgencyPolicy Policy = new(
        new PartyThresholds(10_000m, 100_000m), ["licence-revocation"], FastTrack: false, RestDayExtension: true,
        LegalReviewThresholds: new PartyThresholds(50_000m, 500_000m));

    public static Agency Agency(AgencyPolicy? policy = null) =>
        new(AgencyId, "Licheng Market Regulation", AgencyLevel.County, Domain, [new PolicyVersion(new LocalDate(2020, 1, 1), policy ?? Policy)]);

    public static readonly IReadOnlyDictionary<string, Officer> Officers = new[]
    {
        Officer("zhang", [Role.EnforcementOfficer]),
        Officer("li", [Role.EnforcementOfficer]),
        Officer("wang", [Role.EnforcementOfficer]),
        Officer("clerk", [Role.EnforcementOfficer]),
        Officer("zhao", [Role.Auxiliary], certified: false),
        Officer("expired", [Role.EnforcementOfficer], validTo: new LocalDate(2024, 12, 31)),
        Officer("head", [Role.AgencyHead, Role.EnforcementOfficer]),
        Officer("deputy", [Role.AgencyHead, Role.EnforcementOfficer]),
        Officer("reviewer", [Role.LegalReviewer], qualified: true, certified: false),
        Officer("unqualified-reviewer", [Role.LegalReviewer], certified: false),
        Officer("veteran-reviewer", [Role.LegalReviewer], certified: false) with { ReviewingSince = new LocalDate(2019, 3, 1) },
        Officer("reviewer-since-2021-07-15", [Role.LegalReviewer], certified: false) with { ReviewingSince = new LocalDate(2021, 7, 15) },
        Officer("presider", [Role.HearingPresider, Role.EnforcementOfficer]),
        Officer("investigating-presider", [Role.HearingPresider, Role.EnforcementOfficer]),
        Officer("uncertified-presider", [Role.HearingPresider, Role.EnforcementOfficer], presiderCertified: false),
        Officer("investigating-reviewer", [Role.LegalReviewer, Role.EnforcementOfficer], qualified: true),
        Officer("outsider", [Role.EnforcementOfficer], agencyId: "amr-other"),
        Officer("other-head", [Role.AgencyHead, Role.EnforcementOfficer], agencyId: "amr-other"),
        Officer("registrar", [Role.Admin], certified: false),
    }.ToDictionary(o => o.Id);

    public static readonly LocalDate Today = new(2025, 6, 30);

    public static Instant At(LocalDate date) => date.AtStartOfDayInZone(AgencyZone.Shanghai).ToInstant() + Duration.FromHours(10);

    public static Actor ActorOf(string officerId)
    {
        if (officerId == Actor.System.Id) return Actor.System;
        var officer = Officers[officerId];
        return new Actor(officer.Id, officer.Name, officer.Roles.ToHashSet(), officer.AgencyId);
    }

    public static CaseContext Context(string actor = "head", LocalDate? today = null, Instant? now = null, AgencyPolicy? policy = null) =>
        new(now ?? At(today ?? Today), ActorOf(actor), CaseId, Officers, Agency(policy), Calendar);

    private static Officer Officer(string id, Role[] roles, bool qualified = false, bool certified = true, LocalDate? validTo = null, string agencyId = AgencyId,
        bool presiderCertified = true) =>
        new(id, id, agencyId, roles, qualified,
            certified
                ? [new Certificate($"SD-{id.ToUpperInvariant()}-01", Domain, new LocalDate(2020, 1, 1), validTo ?? new LocalDate(2030, 12, 31), null, []),
                    // A hearing presider holds the provincial presider certificate (山东省行政执法监督条例 Art. 11).
                    .. roles.Contains(Role.HearingPresider) && presiderCertified
                        ? [new Certificate($"SD-{id.ToUpperInvariant()}-P", "hearing", new LocalDate(2020, 1, 1), validTo ?? new LocalDate(2030, 12, 31), null, [], CertificateKind.Presider)]
                        : Array.Empty<Certificate>()]
                : [],
            Instant.FromUtc(2020, 1, 1, 0, 0));
}
