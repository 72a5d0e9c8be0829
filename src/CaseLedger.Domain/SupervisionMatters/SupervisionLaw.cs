using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.SupervisionMatters;

/// <summary>
/// The periods and rules of the Shandong Administrative Enforcement Supervision Regulations (山东省行政执法监督条例, 2014, in
/// force 2015-05-01; domain.md §9). Their 30-day periods are natural days, ended on a rest day moved to the next working day,
/// as every natural-day period CaseLedger counts (domain.md §5).
/// </summary>
public static class SupervisionLaw
{
    /// <summary>Art. 28: the agency corrects itself within 30 days of receiving the opinion.</summary>
    public const int SelfCorrectionDays = 30;

    /// <summary>Art. 29: the agency reports the execution of a decision within 30 days of receiving it.</summary>
    public const int ExecutionReportDays = 30;

    /// <summary>Art. 22: supervision staff act in twos at least, each holding a supervision certificate.</summary>
    public const int SupervisorsMinimum = 2;

    /// <summary>
    /// The domain of a government's legal affairs office (司法局/法制办), which does its government's supervision work over
    /// the departments (Art. 4).
    /// </summary>
    public const string LegalAffairsDomain = "legal-affairs";

    /// <summary>The supervising organ's staff: supervision staff holding a valid supervision certificate, at least two (Art. 22).</summary>
    internal static readonly Staffing Supervisors = new([Role.SupervisionStaff], QualificationRequired: false, "supervision matter")
    {
        SupervisionCertificate = true,
        MinimumRule = "山东省行政执法监督条例 Art. 22",
    };

    /// <summary>The supervised agency's staff, who record its self-correction and its execution report (Arts. 28–29).</summary>
    internal static readonly Staffing AgencyStaff = new([Role.EnforcementOfficer, Role.LegalReviewer], QualificationRequired: false, "supervision matter");

    public static IReadOnlySet<Role> SupervisorWriters => Supervisors.Writers;

    public static IReadOnlySet<Role> AgencyWriters => AgencyStaff.Writers;

    /// <summary>
    /// Art. 4 as the register can tell it: a government's legal affairs office (an agency of domain
    /// <see cref="LegalAffairsDomain"/>) supervises the departments at its level and below; a department supervises itself
    /// and its own line (the same domain) at lower levels. The register records no territory, so an office of one city is
    /// not told from another's: a refusal here is certain, an admission is as far as the register knows.
    /// </summary>
    public static Refusal? MaySupervise(Agency organ, Agency supervised) =>
        organ.Id == supervised.Id
        || (organ.Domain == LegalAffairsDomain && organ.Level <= supervised.Level)
        || (organ.Domain == supervised.Domain && organ.Level < supervised.Level)
            ? null
            : new Refusal(RefusalCodes.NotSupervisingOrgan,
                $"'{organ.Id}' ({organ.Domain}, {Words.Kebab(organ.Level)}) does not supervise '{supervised.Id}' ({supervised.Domain}, {Words.Kebab(supervised.Level)}): "
                + "a government's legal affairs office supervises the departments at its level and below, a department itself and its own line below (山东省行政执法监督条例 Art. 4).");

    public static LocalDate SelfCorrectionDue(IWorkingDayCalendar calendar, LocalDate receivedOn) => NaturalPeriods.End(calendar, receivedOn, SelfCorrectionDays);

    public static LocalDate ExecutionReportDue(IWorkingDayCalendar calendar, LocalDate receivedOn) => NaturalPeriods.End(calendar, receivedOn, ExecutionReportDays);

    /// <summary>The grounds each decision rests on (Arts. 30–34); each type accepts only its own.</summary>
    public static IReadOnlyList<SupervisionGround> GroundsFor(SupervisionDecisionType type) => type switch
    {
        SupervisionDecisionType.OrderPerformance => [SupervisionGround.DutyNotPerformed],
        SupervisionDecisionType.OrderCorrection => [SupervisionGround.ReasonsMissing, SupervisionGround.WordingOrCalculationError, SupervisionGround.DateMissing],
        SupervisionDecisionType.Revoke =>
        [
            SupervisionGround.MainFactsUnclear, SupervisionGround.WrongBasis, SupervisionGround.IllegalProcedure, SupervisionGround.ExceedingPower,
            SupervisionGround.AbuseOfPower, SupervisionGround.ClearlyImproper,
        ],
        SupervisionDecisionType.ConfirmIllegal => [SupervisionGround.NothingToRevoke, SupervisionGround.RevocationHarmsPublicInterest],
        SupervisionDecisionType.ConfirmVoid => [SupervisionGround.NoLegalBasis, SupervisionGround.NoValidSeal, SupervisionGround.NoEnforceableContent],
        _ => [],
    };

    public static string Article(SupervisionDecisionType type) => type switch
    {
        SupervisionDecisionType.OrderPerformance => "Art. 30",
        SupervisionDecisionType.OrderCorrection => "Art. 31",
        SupervisionDecisionType.Revoke => "Art. 32",
        SupervisionDecisionType.ConfirmIllegal => "Art. 33",
        _ => "Art. 34",
    };

    /// <summary>What the decision does to the penalty decision it concerns (carried onto the case like a reconsideration's).</summary>
    public static RemedyEffect? EffectOf(SupervisionDecisionType type) => type switch
    {
        SupervisionDecisionType.Revoke => RemedyEffect.Revoke,
        SupervisionDecisionType.ConfirmIllegal => RemedyEffect.ConfirmIllegal,
        SupervisionDecisionType.ConfirmVoid => RemedyEffect.ConfirmVoid,
        _ => null,
    };
}
