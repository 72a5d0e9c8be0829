using NodaTime;

namespace CaseLedger.Domain.Calendar;

/// <summary>
/// Which days are working days (domain.md §5): Monday–Friday minus holidays and the days off given in
/// exchange, plus the weekend days designated as working days (调休上班).
/// </summary>
public interface IWorkingDayCalendar
{
    bool IsWorkingDay(LocalDate date);

    /// <summary>True when the official calendar of that year is loaded; otherwise the year is computed from the statutory holidays alone and is provisional.</summary>
    bool IsOfficial(int year);
}
