namespace CaseLedger.Domain.Penalty;

/// <summary>Checks of the penalty terms a request names (<c>validation-failed</c>).</summary>
internal static class Terms
{
    public static Refusal? Check(IReadOnlyList<PenaltyTerm>? penalties, string field) =>
        penalties is null ? null
        : penalties.Any(p => p is null) ? Valid.Fail($"{field} may not hold empty entries.")
        : penalties.FirstOrDefault(p => p.Amount is < 0) is not null ? Valid.Fail($"{field}: amounts are positive yuan.")
        : penalties.FirstOrDefault(p => p.Kind is PenaltyKind.Fine or PenaltyKind.Confiscation && p.Amount is null or 0) is { } missing
            ? Valid.Fail($"{field}: a {Law.Kebab(missing.Kind)} needs an amount in yuan.")
            : null;
}
