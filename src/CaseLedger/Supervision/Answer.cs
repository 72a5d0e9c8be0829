using CaseLedger.Domain;

namespace CaseLedger.Supervision;

/// <summary>
/// What a supervision query answers (<see cref="DeadlineBoardQuery"/>, <see cref="ReviewQueueQuery"/>,
/// <see cref="AgencyFiguresQuery"/>, <see cref="Replay"/>, <see cref="AuditTrail"/>): what was asked for, or why
/// the reader does not get it (validation-failed, forbidden, not-found). HTTP, the CLI and the console answer the same.
/// </summary>
public readonly record struct Answer<T>(T? Value, Refusal? Refusal) where T : class
{
    public static implicit operator Answer<T>(T value) => new(value, null);
    public static implicit operator Answer<T>(Refusal refusal) => new(null, refusal);
}

/// <summary>Paging of the board and the queues: <c>offset</c> rows skipped, at most <c>limit</c> rows (1–<see cref="MaxLimit"/>).</summary>
public static class Paging
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static Refusal? Check(int offset, int limit) =>
        offset < 0 ? Invalid("offset", 0, int.MaxValue)
        : limit is < 1 or > MaxLimit ? Invalid("limit", 1, MaxLimit)
        : null;

    public static Refusal Invalid(string name, int min, int max) =>
        new(RefusalCodes.ValidationFailed, $"{name} must be a whole number from {min} to {max}.");
}
