namespace CaseLedger.Commands;

/// <summary>
/// Stream identity: Marten's string identity (<c>StreamIdentity.AsString</c>), one stream per agency,
/// officer and case, keyed by the id people use (agency and officer ids are chosen by administrators;
/// case ids are UUIDv7 so that they sort by creation). Strings let register ids stay readable in
/// URLs and in the audit trail; a register id that names a stream of another kind is refused.
/// </summary>
public static class StreamKeys
{
    /// <summary>The stream that records loaded official holiday calendars.</summary>
    public const string HolidayCalendar = "calendar:official";

    public static string NewCaseId() => Guid.CreateVersion7().ToString();

    public static bool IsCaseId(string id) => Guid.TryParse(id, out _);
}
