using JasperFx.Events;
using Marten.Events.Aggregation;

namespace CaseLedger.Commands;

/// <summary>The stored form of a linked proceeding: the domain's state at the stream's version.</summary>
public interface IStateFile<TState> where TState : class
{
    string Id { get; set; }
    long Version { get; set; }
    TState? State { get; set; }
}

/// <summary>
/// Inline projection of a stream kind into its <typeparamref name="TFile"/>, folding with the domain's own
/// evolve function; it takes only that kind's event types, so streams of other kinds get no document and
/// cost no read.
/// </summary>
public abstract class StateFileProjection<TFile, TState> : SingleStreamProjection<TFile, string>
    where TFile : class, IStateFile<TState>, new()
    where TState : class
{
    private readonly Func<TState?, object, TState?> _fold;

    protected StateFileProjection(IEnumerable<Type> eventTypes, Func<TState?, object, TState?> fold)
    {
        _fold = fold;
        foreach (var type in eventTypes) IncludeType(type);
    }

    public override TFile? Evolve(TFile? snapshot, string id, IEvent e)
    {
        var state = _fold(snapshot?.State, e.Data);
        if (state is null) return null;
        var file = snapshot ?? new TFile { Id = id };
        file.State = state;
        file.Version = e.Version;
        return file;
    }
}
