using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using NodaTime;
using NodaTime.Text;

namespace CaseLedger.Domain.Calendar;

/// <summary>A run of consecutive days off, both ends included.</summary>
public sealed record HolidayRange(string Name, LocalDate From, LocalDate To)
{
    /// <summary>Every day from <see cref="From"/> to <see cref="To"/>.</summary>
    public IEnumerable<LocalDate> Days
    {
        get
        {
            for (var day = From; day <= To; day = day.PlusDays(1)) yield return day;
        }
    }

    public bool Contains(LocalDate date) => From <= date && date <= To;
}

/// <summary>
/// The official holiday calendar of one year, as the State Council's annual notice publishes it
/// (domain.md §5): the days off and the weekend days worked instead (调休上班).
/// </summary>
/// <remarks>
/// The JSON shape, used by the embedded files and by an administrator's upload; dates are ISO
/// <c>yyyy-MM-dd</c>, property names are exact, unknown properties are refused:
/// <code>
/// {
///   "year": 2025,
///   "source": "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）",
///   "holidays": [
///     { "name": "Spring Festival", "from": "2025-01-28", "to": "2025-02-04" }
///   ],
///   "workingWeekendDays": [ "2025-01-26", "2025-02-08" ]
/// }
/// </code>
/// </remarks>
public sealed record OfficialYear(
    int Year,
    string Source,
    IReadOnlyList<HolidayRange> Holidays,
    IReadOnlyList<LocalDate> WorkingWeekendDays)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        WriteIndented = true,
        // Keep the Chinese notice name readable in stored and returned JSON.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    /// <summary>Whether <paramref name="date"/> is a day off in one of the <see cref="Holidays"/>.</summary>
    public bool IsHoliday(LocalDate date) => Holidays.Any(h => h.Contains(date));

    /// <summary>
    /// Reads and validates one official year in the JSON shape documented on <see cref="OfficialYear"/>.
    /// Refused: malformed JSON, a missing field, an unknown property, a date that is not <c>yyyy-MM-dd</c>,
    /// a date outside the year, a range whose end is before its start, overlapping ranges, a working
    /// weekend day that is not a Saturday or Sunday or is listed twice, and a day that is both a holiday
    /// and a working day.
    /// </summary>
    public static OfficialYearParse Parse(string json)
    {
        YearDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize<YearDto>(json, Json);
        }
        catch (JsonException e)
        {
            return OfficialYearParse.Refused([$"Malformed JSON: {e.Message}"]);
        }
        if (dto is null) return OfficialYearParse.Refused(["Malformed JSON: expected an object, got null."]);

        var problems = new List<string>();
        if (dto.Year is not { } year)
            return OfficialYearParse.Refused(["\"year\" is required."]);
        if (year is < 1 or > 9999) return OfficialYearParse.Refused([$"\"year\" {year} is not a calendar year."]);
        if (string.IsNullOrWhiteSpace(dto.Source)) problems.Add("\"source\" (the notice that publishes the calendar) is required.");
        if (dto.Holidays is null) problems.Add("\"holidays\" is required.");
        if (dto.WorkingWeekendDays is null) problems.Add("\"workingWeekendDays\" is required (an empty list when there are none).");

        LocalDate? InYear(string? text, string where)
        {
            var parsed = LocalDatePattern.Iso.Parse(text ?? "");
            if (!parsed.Success)
            {
                problems.Add($"{where}: \"{text}\" is not a yyyy-MM-dd date.");
                return null;
            }
            if (parsed.Value.Year != year)
            {
                problems.Add($"{where}: {Iso(parsed.Value)} is outside {year}.");
                return null;
            }
            return parsed.Value;
        }

        var holidays = new List<HolidayRange>();
        foreach (var (h, i) in (dto.Holidays ?? []).Select((h, i) => (h, i)))
        {
            var where = $"holidays[{i}]";
            if (h is null) { problems.Add($"{where} is null."); continue; }
            if (string.IsNullOrWhiteSpace(h.Name)) problems.Add($"{where}: \"name\" is required.");
            var from = InYear(h.From, $"{where}.from");
            var to = InYear(h.To, $"{where}.to");
            if (from is null || to is null) continue;
            if (to < from) { problems.Add($"{where} ({h.Name}): ends {Iso(to.Value)} before it starts {Iso(from.Value)}."); continue; }
            holidays.Add(new HolidayRange(h.Name ?? "", from.Value, to.Value));
        }
        foreach (var (a, b) in holidays.SelectMany((a, i) => holidays.Skip(i + 1).Select(b => (a, b))))
            if (a.From <= b.To && b.From <= a.To)
                problems.Add($"holidays \"{a.Name}\" and \"{b.Name}\" overlap.");

        var working = new List<LocalDate>();
        foreach (var (text, i) in (dto.WorkingWeekendDays ?? []).Select((t, i) => (t, i)))
        {
            var where = $"workingWeekendDays[{i}]";
            if (InYear(text, where) is not { } day) continue;
            if (!IsWeekend(day)) problems.Add($"{where}: {Iso(day)} is a {day.DayOfWeek}, not a Saturday or Sunday.");
            else if (working.Contains(day)) problems.Add($"{where}: {Iso(day)} is listed twice.");
            else if (holidays.Find(h => h.Contains(day)) is { } h) problems.Add($"{where}: {Iso(day)} is also a day off in \"{h.Name}\".");
            else working.Add(day);
        }

        return problems.Count > 0
            ? OfficialYearParse.Refused(problems)
            : OfficialYearParse.Accepted(new OfficialYear(year, dto.Source!, [.. holidays], [.. working]));
    }

    /// <summary>This year in the JSON shape that <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new YearDto(
            Year,
            Source,
            Holidays.Select(h => new HolidayDto(h.Name, Iso(h.From), Iso(h.To))).ToArray(),
            WorkingWeekendDays.Select(Iso).ToArray()),
        Json);

    // Lists compare by content, so a parsed year equals the year it was written from.
    public bool Equals(OfficialYear? other) =>
        other is not null
        && Year == other.Year
        && Source == other.Source
        && Holidays.SequenceEqual(other.Holidays)
        && WorkingWeekendDays.SequenceEqual(other.WorkingWeekendDays);

    public override int GetHashCode() => HashCode.Combine(Year, Source, Holidays.Count, WorkingWeekendDays.Count);

    internal static bool IsWeekend(LocalDate date) => date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday;

    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private sealed record YearDto(int? Year, string? Source, HolidayDto?[]? Holidays, string?[]? WorkingWeekendDays);

    private sealed record HolidayDto(string? Name, string? From, string? To);
}

/// <summary>The outcome of <see cref="OfficialYear.Parse"/>: the year, or every problem that refuses it.</summary>
public sealed class OfficialYearParse
{
    private OfficialYearParse(OfficialYear? year, IReadOnlyList<string> problems)
    {
        Year = year;
        Problems = problems;
    }

    public OfficialYear? Year { get; }

    /// <summary>What is wrong with the upload, one readable sentence each; empty when valid.</summary>
    public IReadOnlyList<string> Problems { get; }

    [MemberNotNullWhen(true, nameof(Year))]
    public bool IsValid => Year is not null;

    /// <summary>The refusal to return to the uploader (<see cref="RefusalCodes.ValidationFailed"/>), or null when valid.</summary>
    public Refusal? Refusal => IsValid ? null : new Refusal(RefusalCodes.ValidationFailed, string.Join(" ", Problems));

    internal static OfficialYearParse Accepted(OfficialYear year) => new(year, []);

    internal static OfficialYearParse Refused(IReadOnlyList<string> problems) => new(null, problems);
}
