using CaseLedger.Cases;
using CaseLedger.Domain.Officers;
using CaseLedger.Supervision;
using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;

namespace CaseLedger.Commands;

/// <summary>The stored form of a linked proceeding: the domain's state at the stream's version.</summary>
public abstract class StateFile<TState> : IStreamFile where TState : class
{
    public string Id { get; set; } = "";
    public long Version { get; set; }
    public TState? State { get; set; }

    /// <summary>The contested case's number, read from its case file when the first event was folded.</summary>
    public string? CaseNumber { get; set; }

    /// <summary>The contested case's agency, or without a case the agency of the staff who registered the proceeding.</summary>
    public string? AgencyId { get; set; }
}

/// <summary>
/// Inline projection of a stream kind into its <typeparamref name="TFile"/>, folding with the domain's own
/// evolve function; it takes only that kind's event types, so streams of other kinds get no document and
/// cost no read. What supervisors see of the proceeding is a projection of its own computed from this file
/// (<see cref="RemedySupervisionProjection"/>).
/// </summary>
/// <remarks>
/// A proceeding names its case only by id: the first event reads the case's agency and number once, into the file
/// (a proceeding naming no case belongs to the agency of the staff who registered it), and later commands read nothing more.
/// </remarks>
public abstract class StateFileProjection<TFile, TState> : SingleStreamProjection<TFile, string>, IReadsOtherStreams
    where TFile : StateFile<TState>, new()
    where TState : class
{
    private readonly Func<TState?, object, TState?> _fold;

    protected StateFileProjection(IEnumerable<Type> eventTypes, Func<TState?, object, TState?> fold)
    {
        _fold = fold;
        foreach (var type in eventTypes) IncludeType(type);
    }

    /// <summary>The case a first event contests, and the officer whose agency the proceeding belongs to when it names none.</summary>
    protected abstract (string? CaseId, string? OfficerId) NamedBy(object first);

    public override async ValueTask<TFile?> EvolveAsync(TFile? snapshot, string id, IQuerySession session, IEvent e, CancellationToken cancellation)
    {
        var state = _fold(snapshot?.State, e.Data);
        if (state is null) return null;
        var file = snapshot ?? new TFile { Id = id };
        if (snapshot is null)
        {
            var (caseId, officerId) = NamedBy(e.Data);
            await NameCaseAsync(file, caseId, officerId, session, cancellation);
        }
        file.State = state;
        file.Version = e.Version;
        return file;
    }

    private static async Task NameCaseAsync(TFile file, string? caseId, string? officerId, IQuerySession session, CancellationToken ct)
    {
        if (caseId is { Length: > 0 } && await session.LoadAsync<CaseFile>(caseId, ct) is { State: { } contested })
        {
            file.CaseNumber = contested.Filing?.CaseNumber;
            file.AgencyId = contested.AgencyId;
        }
        // The officer is of the register, which a region's database does not hold (Register).
        else if (officerId is { Length: > 0 } && await Commands.Register.LoadAsync<Officer>(session, officerId, ct) is { } officer)
        {
            file.AgencyId = officer.AgencyId;
        }
    }
}
