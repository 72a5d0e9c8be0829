using CaseLedger.Domain.Agencies;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.Tests.Penalty;

/// <summary>Given events, when a command, then events or a refusal code.</summary>
internal sealed record Spec(IReadOnlyList<object> History)
{
    public string Actor { get; init; } = "head";
    public LocalDate Today { get; init; } = Fixtures.Today;
    public Instant? Now { get; init; }
    public AgencyPolicy? Policy { get; init; }
    public PublishedLists? Lists { get; init; }

    public PenaltyCaseState? State => History.Aggregate((PenaltyCaseState?)null, PenaltyCase.Evolve);

    public Spec As(string actor) => this with { Actor = actor };

    public Spec On(LocalDate today) => this with { Today = today };

    public Spec At(Instant now) => this with { Now = now, Today = AgencyZone.Today(now) };

    public Spec With(AgencyPolicy policy) => this with { Policy = policy };

    public Spec With(PublishedLists lists) => this with { Lists = lists };

    public Decision When(ICaseCommand command) =>
        PenaltyCase.Decide(command, State, Fixtures.Context(Actor, Today, Now, Policy) with { Lists = Lists });

    /// <summary>Runs a command that must succeed and adds its events to the history: scenario building.</summary>
    public Spec Then(ICaseCommand command)
    {
        var decision = When(command);
        if (decision.IsRefused)
            throw new InvalidOperationException($"{command.GetType().Name} refused in scenario: {decision.Refusal}");
        return this with { History = [.. History, .. decision.Events] };
    }

    public Spec ThenEvent(object @event) => this with { History = [.. History, @event] };
}

internal static class Then
{
    public static void Refused(this Decision decision, string code)
    {
        Assert.True(decision.IsRefused, $"Expected refusal '{code}' but got events: {string.Join(", ", decision.Events.Select(e => e.GetType().Name))}");
        Assert.Equal(code, decision.Refusal!.Code);
    }

    public static T Single<T>(this Decision decision)
    {
        Assert.False(decision.IsRefused, decision.Refusal?.ToString());
        return Assert.IsType<T>(Assert.Single(decision.Events));
    }

    public static void AppendsNothing(this Decision decision)
    {
        Assert.False(decision.IsRefused, decision.Refusal?.ToString());
        Assert.Empty(decision.Events);
    }
}
