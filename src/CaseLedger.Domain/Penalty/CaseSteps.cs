namespace CaseLedger.Domain.Penalty;

/// <summary>
/// Where a step on a penalty case is taken (<see cref="Jurisdiction"/>): the case agency's own certified officers
/// (I1, Art. 42), recusals (Art. 43), closing. The checks themselves are the common ones of <see cref="Step"/>.
/// </summary>
internal static class CaseSteps
{
    public static Refusal? Check(this Step step, PenaltyCaseState? state, CaseContext context, string domain)
    {
        var agency = state?.AgencyId ?? context.Agency?.Id;
        return step.Check(context, new Jurisdiction(agency is null ? null : [agency], Authorization.CaseWriters, "steps on this case")
        {
            CertificateDomain = domain,
            RecordAlone = new HashSet<Role> { Role.EnforcementOfficer },
            Recused = state?.Recused ?? [],
            Closed = state?.Closure is { } closed ? new Refusal(RefusalCodes.CaseClosed, $"The case was closed on {Dates.Show(closed.ClosedOn)}.") : null,
        });
    }
}
