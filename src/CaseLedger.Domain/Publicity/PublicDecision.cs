using CaseLedger.Domain.Penalty;
using NodaTime;

namespace CaseLedger.Domain.Publicity;

/// <summary>
/// A penalty decision as the public sees it on the publicity page (公示; 国办发〔2018〕118号; 行政处罚法 Art. 48): the
/// decision, the agency and the penalty, with the party's personal data masked (<see cref="Masking"/>).
/// </summary>
public sealed record PublicDecision(
    string CaseId, string? CaseNumber, string DecisionNumber, string AgencyId, PartyKind PartyKind, string Party, string? PartyIdNumber,
    string Violation, IReadOnlyList<PenaltyTerm> Penalties, string? Basis, LocalDate DecidedOn, LocalDate PublishedOn, string Channel)
{
    /// <summary>
    /// The decision of <paramref name="state"/> as published, or null when the public may not see it: never published, withdrawn,
    /// or revoked, changed, or confirmed illegal or void after it was published, whose publication Art. 48 withdraws (the
    /// page does not wait the 3 working days the agency has to record the withdrawal).
    /// </summary>
    public static PublicDecision? Of(string caseId, PenaltyCaseState state)
    {
        if (state.Publication is not { } published || state.Withdrawal is not null) return null;
        if (state.Revocation is not null || state.ConfirmedIllegal is not null) return null;
        if (state.LastChangedOn is { } changed && changed >= published.PublishedOn) return null;
        var (number, decidedOn, penalties, discretion) = state switch
        {
            { Decision: { } d } => (d.DecisionNumber, d.DecidedOn, state.Penalties, d.Discretion),
            { OnTheSpot: { } s } => (s.FormNumber, s.DecidedOn, (IReadOnlyList<PenaltyTerm>)[s.Penalty], s.Discretion),
            _ => default((string, LocalDate, IReadOnlyList<PenaltyTerm>, Discretion?)),
        };
        if (number is null) return null;
        var (party, id) = Masking.Party(state.Party);
        return new PublicDecision(caseId, state.Filing?.CaseNumber, number, state.AgencyId, state.Party.Kind, party, id,
            Masking.Text(state.Violation.Description, state.Party), penalties,
            discretion?.BenchmarkItem is { Length: > 0 } item ? Masking.Text(item, state.Party) : null,
            decidedOn, published.PublishedOn, Masking.Text(published.Channel, state.Party));
    }
}
