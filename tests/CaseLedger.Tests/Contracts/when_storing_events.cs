using System.Text.Json;
using CaseLedger.Hosting;
using CaseLedger.Json;
using Snapshooter;
using Snapshooter.Xunit;

namespace CaseLedger.Tests.Contracts;

/// <summary>
/// The stored event type names and the JSON of every event type are a contract with the store, the
/// feed and integrators: a change here must show up in review (style.md, Events).
/// </summary>
public class when_storing_events
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static TheoryData<string> EventTypes() => [.. EventCatalog.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(EventTypes))]
    public void the_json_of_each_event_type_is_pinned(string eventType)
    {
        var type = EventCatalog.All.Single(t => t.Name == eventType);
        var json = JsonSerializer.Serialize(SampleValues.Of(type), type, CaseLedgerJson.Stored);
        var readable = JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement, Indented);
        Snapshot.Match(readable, SnapshotNameExtension.Create(eventType));
    }

    [Fact]
    public void the_stored_event_type_names_are_pinned()
    {
        var names = EventCatalog.All.ToDictionary(t => t.FullName!, EventCatalog.StoredName);
        Snapshot.Match(names);
    }

    [Fact]
    public void every_event_type_has_a_distinct_stored_name() =>
        Assert.Equal(EventCatalog.All.Count, EventCatalog.All.Select(EventCatalog.StoredName).Distinct().Count());

    [Fact]
    public void every_event_round_trips_through_the_stored_json()
    {
        foreach (var type in EventCatalog.All)
        {
            var sample = SampleValues.Of(type);
            var json = JsonSerializer.Serialize(sample, type, CaseLedgerJson.Stored);
            var back = JsonSerializer.Deserialize(json, type, CaseLedgerJson.Stored);
            Assert.Equal(json, JsonSerializer.Serialize(back, type, CaseLedgerJson.Stored));
        }
    }
}
