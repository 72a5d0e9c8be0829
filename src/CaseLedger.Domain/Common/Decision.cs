namespace CaseLedger.Domain;

/// <summary>Why a command was refused: a stable code (domain.md §8) and a message that says what must come first.</summary>
public sealed record Refusal(string Code, string Message);

/// <summary>
/// The outcome of a pure decision: the events to append, or a refusal that appends nothing.
/// An empty, unrefused decision means the command asked for a state the stream is already in.
/// </summary>
public sealed record Decision
{
    private Decision(IReadOnlyList<object> events, Refusal? refusal)
    {
        Events = events;
        Refusal = refusal;
    }

    public IReadOnlyList<object> Events { get; }
    public Refusal? Refusal { get; }
    public bool IsRefused => Refusal is not null;

    public static Decision Accept(params object[] events) => new(events, null);
    public static Decision Accept(IEnumerable<object> events) => new(events.ToArray(), null);
    public static readonly Decision Nothing = new([], null);
    public static Decision Refuse(string code, string message) => new([], new Refusal(code, message));
    public static Decision Refuse(Refusal refusal) => new([], refusal);
}
