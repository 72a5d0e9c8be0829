using NodaTime;

namespace CaseLedger.Domain.Penalty;

/// <summary>A command on a penalty case. The engine loads exactly the officers it names into the <see cref="CaseContext"/>.</summary>
public interface ICaseCommand
{
    /// <summary>Every officer id the command names: acting officers, approvers, reviewer, presider, decider, participants.</summary>
    IEnumerable<string> NamedOfficers();
}

public enum Procedure { General, Simplified, FastTrack }

public enum PartyKind { Citizen, Organisation }

/// <summary>Art. 36: life-health and financial safety violations have a 5-year limitation.</summary>
public enum ViolationCategory { Ordinary, LifeHealth, Financial }

public enum EvidenceKind
{
    Documentary,
    Physical,
    AudioVisual,
    Electronic,
    Witness,
    PartyStatement,
    ExpertOpinion,
    InspectionRecord,
    InterviewRecord,
    Sampling,
}

/// <summary>Measures that need a full audio/video record (domain.md §4, three-systems guidance).</summary>
public enum CoerciveMeasure { SealingSeizure, ForcedDemolition, PersonalLiberty, LifeHealth, MajorProperty }

/// <summary>The kinds of penalty of Art. 9.</summary>
public enum PenaltyKind
{
    Warning,
    NoticeOfCriticism,
    Fine,
    Confiscation,
    QualificationDowngrade,
    LicenceSuspension,
    LicenceRevocation,
    RestrictionOfActivities,
    StopProduction,
    Closure,
    PracticeBan,
    Detention,
}

public enum InvestigationOutcome { Penalty, NoPenalty, NotEstablished, Referral }

public enum ServiceMethod { Direct, Mail, Electronic, Announcement, LeftAtAddress, Entrusted, Oral }

public enum ReviewOutcome { Passed, Failed }

public enum RecusalApplicant { Party, Officer }

public enum PreservedEvidenceHandling { Release, SealOrSeize, Transfer, Confiscate, Test }

public enum CollectionGround { SmallFine, HardToCollectLater, RemoteArea }

public enum RemedyKind { Reconsideration, Litigation, Supervision }

/// <summary>The judiciary's answer to a referral (移送规定 Arts. 8–9; I13).</summary>
public enum ReferralOutcome { Accepted, Declined, Returned }

public sealed record Party(PartyKind Kind, string? Name, string? IdNumber);

/// <summary>The act: <see cref="HarmCaused"/> (有危害后果) is what Art. 36 asks before the 5-year limitation of a life-health or financial violation applies.</summary>
public sealed record Violation(string? Description, LocalDate ActEndedOn, bool Continuing, ViolationCategory Category, bool HarmCaused = false);

/// <summary>One penalty, proposed or decided: its kind and, for money penalties, the amount in yuan.</summary>
public sealed record PenaltyTerm(PenaltyKind Kind, decimal? Amount);

/// <summary>
/// The discretion-benchmark citation of Art. 34 and Outline item 23. <see cref="CatalogueVersion"/> is set by CaseLedger on a
/// recorded decision: the version of the agency's published catalogue the cited item was checked against (null: none in force).
/// </summary>
public sealed record Discretion(string? BenchmarkItem, string? Level, string? Reason, int? CatalogueVersion = null);

public sealed record StatementPoint(string? Point, string? Reexamination, bool Adopted);

public sealed record Instalment(LocalDate DueOn, decimal Amount);

public sealed record SuspensionInterval(LocalDate From, LocalDate? To, string Reason);

/// <summary>A remedy sought against the decision: pending while <see cref="To"/> is null; a suit may follow it until <see cref="SuitOpenUntil"/>.</summary>
public sealed record RemedyPeriod(RemedyKind Kind, string RemedyId, LocalDate From, LocalDate? To, LocalDate? SuitOpenUntil = null);
