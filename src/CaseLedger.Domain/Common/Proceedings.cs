using CaseLedger.Domain.Calendar;
using CaseLedger.Domain.Officers;
using NodaTime;

namespace CaseLedger.Domain;

/// <summary>A command on a linked proceeding (reconsideration, litigation, petition): the officers it names, for the engine to load.</summary>
public interface IProceedingCommand
{
    IEnumerable<string> NamedOfficers();
}

/// <summary>Who acts in a linked proceeding: the roles that may record, and whether named staff need the legal professional qualification.</summary>
/// <param name="QualificationFrom">Staff who first do this work on or after this date need the legal professional qualification (行政复议法 Art. 6).</param>
internal sealed record Staffing(IReadOnlyList<Role> Roles, bool QualificationRequired, string Body, LocalDate? QualificationFrom = null)
{
    /// <summary>Named staff hold a supervision certificate valid on the step's date (山东省行政执法监督条例 Art. 22).</summary>
    public bool SupervisionCertificate { get; init; }

    /// <summary>The rule that sets a step's minimum of staff, for the refusal.</summary>
    public string MinimumRule { get; init; } = "行政复议法 Art. 45";

    /// <summary>Who records its steps: its staff and the acting agency's head (docs/access.md).</summary>
    public IReadOnlySet<Role> Writers { get; } = Roles.Append(Role.AgencyHead).ToHashSet();

    /// <summary>Why <paramref name="officer"/> may not act as this proceeding's staff on <paramref name="on"/>: auxiliary, without its role, its qualification or its certificate.</summary>
    public Refusal? Refuses(Officer officer, LocalDate on) =>
        officer.IsAuxiliary || !Roles.Any(officer.Has)
            ? new Refusal(RefusalCodes.OfficerNotCertified, $"'{officer.Id}' does not act for the {Body}.")
            : QualificationRequired && !officer.MayReview(QualificationFrom ?? LocalDate.MaxIsoValue)
                ? new Refusal(RefusalCodes.OfficerNotCertified, $"'{officer.Id}' does not hold the legal professional qualification (行政复议法 Art. 6).")
            : SupervisionCertificate && officer.SupervisionCertificateOn(on) is null
                ? new Refusal(RefusalCodes.OfficerNotCertified,
                    $"'{officer.Id}' holds no supervision certificate valid on {Dates.Show(on)} (山东省行政执法监督条例 Art. 22).")
                : null;
}

/// <summary>Builds the §8.5 deadlines of a linked proceeding with the shared <see cref="Periods"/> arithmetic.</summary>
internal sealed class DeadlineList(IWorkingDayCalendar calendar, LocalDate today)
{
    private readonly List<Deadline> _deadlines = [];
    private readonly HashSet<string> _partyRights = [];
    private readonly HashSet<string> _partyObligations = [];
    private readonly HashSet<string> _agencyOptions = [];

    /// <summary>A party's right that passed unused has lapsed, it was not missed (see the penalty case's deadlines).</summary>
    public IReadOnlyList<Deadline> All => [.. _deadlines.Select(d =>
        _agencyOptions.Contains(d.Key)
            ? d with { Status = d.Status == DeadlineStatus.Missed && d.MetOn is null ? DeadlineStatus.Lapsed : d.Status }
            : _partyRights.Contains(d.Key)
            ? d with { Owner = DeadlineOwner.Party, Status = d.Status == DeadlineStatus.Missed && d.MetOn is null ? DeadlineStatus.Lapsed : d.Status }
            : _partyObligations.Contains(d.Key) ? d with { Owner = DeadlineOwner.Party }
            : d)];

    /// <summary>Marks the periods that are the party's rights (they lapse) or obligations (they are missed).</summary>
    public DeadlineList PartyRights(params string[] keys)
    {
        _partyRights.UnionWith(keys);
        return this;
    }

    public DeadlineList PartyObligations(params string[] keys)
    {
        _partyObligations.UnionWith(keys);
        return this;
    }

    /// <summary>Marks the agency's own options (an objection it may raise): unused in time they lapse, they are not missed.</summary>
    public DeadlineList AgencyOptions(params string[] keys)
    {
        _agencyOptions.UnionWith(keys);
        return this;
    }

    public void WorkingDays(string key, string purpose, string rule, LocalDate trigger, int length, LocalDate? metOn) =>
        Add(key, purpose, rule, trigger, Counting.WorkingDays, length, calendar.AddWorkingDays(trigger, length), null, [], [], metOn);

    /// <summary>A natural-day period; the rest-day extension applies (Civil Procedure Law Art. 85, via 行政复议法 Art. 88 and 行政诉讼法 Art. 101).</summary>
    public void NaturalDays(string key, string purpose, string rule, LocalDate trigger, int length, LocalDate? metOn,
        IReadOnlyList<ExcludedInterval>? excluded = null, IReadOnlyList<DeadlineExtension>? extensions = null, bool restDayExtension = true)
    {
        var excludedDays = (excluded ?? []).Sum(e => Period.Between(e.From, e.To ?? Max(today, e.From), PeriodUnits.Days).Days);
        var raw = trigger.PlusDays(length + excludedDays + (extensions ?? []).Sum(e => e.Days));
        Add(key, purpose, rule, trigger, Counting.NaturalDays, length, raw, calendar.Adjusted(raw, Counting.NaturalDays, restDayExtension),
            excluded ?? [], extensions ?? [], metOn);
    }

    public void Months(string key, string purpose, string rule, LocalDate trigger, int months, LocalDate? metOn)
    {
        var raw = Periods.AddMonths(trigger, months);
        Add(key, purpose, rule, trigger, Counting.Months, months, raw, calendar.Adjusted(raw, Counting.Months, true), [], [], metOn);
    }

    /// <summary>A minimum notice: met when the event is no earlier than the end of the period.</summary>
    public void NoticeAtLeast(string key, string purpose, string rule, LocalDate noticeOn, int workingDays, LocalDate eventOn)
    {
        var earliest = calendar.AddWorkingDays(noticeOn, workingDays);
        _deadlines.Add(new Deadline(key, purpose, rule, noticeOn, Counting.WorkingDays, workingDays, earliest, earliest, [], [],
            calendar.IsProvisional(noticeOn, earliest), eventOn >= earliest ? DeadlineStatus.Met : DeadlineStatus.Missed, eventOn));
    }

    private void Add(string key, string purpose, string rule, LocalDate trigger, Counting counting, int length, LocalDate rawEnd, LocalDate? end,
        IReadOnlyList<ExcludedInterval> excluded, IReadOnlyList<DeadlineExtension> extensions, LocalDate? metOn)
    {
        var last = end ?? rawEnd;
        var status = metOn is { } met ? (met <= last ? DeadlineStatus.Met : DeadlineStatus.Missed)
            : today > last ? DeadlineStatus.Missed
            : DeadlineStatus.Open;
        _deadlines.Add(new Deadline(key, purpose, rule, trigger, counting, length, rawEnd, last, excluded, extensions,
            calendar.IsProvisional(trigger, last), status, metOn));
    }

    private static LocalDate Max(LocalDate a, LocalDate b) => a > b ? a : b;
}

/// <summary>Natural-day period ends with the rest-day extension of the Civil Procedure Law (Art. 85).</summary>
internal static class NaturalPeriods
{
    public static LocalDate End(IWorkingDayCalendar calendar, LocalDate trigger, int days) =>
        calendar.Adjusted(trigger.PlusDays(days), Counting.NaturalDays, restDayExtension: true);

    public static LocalDate EndMonths(IWorkingDayCalendar calendar, LocalDate trigger, int months) =>
        calendar.Adjusted(Periods.AddMonths(trigger, months), Counting.Months, restDayExtension: true);

    public static LocalDate EndYears(IWorkingDayCalendar calendar, LocalDate trigger, int years) =>
        calendar.Adjusted(trigger.PlusYears(years), Counting.Months, restDayExtension: true);
}
