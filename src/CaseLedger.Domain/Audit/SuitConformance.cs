using System.Globalization;
using CaseLedger.Domain.Litigation;

namespace CaseLedger.Domain.Audit;

/// <summary>
/// What the audit reports of a suit's stored events: a suit or an appeal filed after its period. The court registered it and
/// judges its timeliness, so CaseLedger recorded it (domain.md §6); an auditor still sees it.
/// </summary>
public static class SuitConformance
{
    public static IEnumerable<Finding> Check(string stream, IReadOnlyList<AuditedEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Data is LitigationFiled filed && filed.FiledOn > filed.FilingDueOn)
                yield return new Finding(stream, e.Version, "deadline-missed", "suit-late", "§3.2 suit within its period",
                    "行政诉讼法 Arts. 45–46; 解释 Art. 64",
                    $"The suit was filed on {Show(filed.FiledOn)}, after its period ended on {Show(filed.FilingDueOn)}; the court registered it and judges its timeliness.");
            if (e.Data is AppealRecorded { Late: true } appeal)
                yield return new Finding(stream, e.Version, "deadline-missed", "appeal-late", "§3.2 appeal within 15 days (10 for a ruling)",
                    "行政诉讼法 Art. 85",
                    $"The appeal was recorded on {Show(appeal.AppealedOn)}, after its period ended on {Show(appeal.AppealDueOn)}; the court judges its timeliness.");
        }
    }

    private static string Show(NodaTime.LocalDate date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
