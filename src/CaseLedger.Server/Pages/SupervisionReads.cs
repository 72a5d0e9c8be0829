using CaseLedger.Supervision;
using NodaTime;

namespace CaseLedger.Server.Pages;

/// <summary>
/// The engine's supervision queries as the pages call them: the one place to swap when the queries the HTTP endpoints hold
/// today move into the engine (src/CaseLedger/Supervision).
/// </summary>
public sealed class SupervisionReads(AgencyFiguresQuery figures)
{
    public Task<AgencyFigures> FiguresAsync(string agencyId, LocalDate today, CancellationToken ct) => figures.ForAsync(agencyId, today, ct);
}
