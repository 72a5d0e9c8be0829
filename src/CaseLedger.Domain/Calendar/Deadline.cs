using NodaTime;

namespace CaseLedger.Domain.Calendar;

/// <summary>
/// Open; met on time; missed (a duty not done in time); lapsed (a party's right not used in time,
/// which is nobody's failure).
/// </summary>
public enum DeadlineStatus { Open, Met, Missed, Lapsed }

/// <summary>Whose period it is: the agency's duty, or the party's right or obligation.</summary>
public enum DeadlineOwner { Agency, Party }

/// <summary>An interval that does not count towards a period (a suspension).</summary>
public sealed record ExcludedInterval(LocalDate From, LocalDate? To, string Reason);

/// <summary>An approved extension of a period.</summary>
public sealed record DeadlineExtension(int Days, string ApprovedBy, LocalDate ApprovedOn, string Reason);

/// <summary>
/// One statutory deadline as every case shows it (domain.md §8.5): what it is for, the rule and article,
/// the trigger, the counting, the raw and the rest-day-adjusted end, exclusions, extensions and status.
/// </summary>
public sealed record Deadline(
    string Key,
    string Purpose,
    string Rule,
    LocalDate Trigger,
    Counting Counting,
    int Length,
    LocalDate RawEnd,
    LocalDate End,
    IReadOnlyList<ExcludedInterval> Excluded,
    IReadOnlyList<DeadlineExtension> Extensions,
    bool Provisional,
    DeadlineStatus Status,
    LocalDate? MetOn = null)
{
    public DeadlineOwner Owner { get; init; } = DeadlineOwner.Agency;
}
