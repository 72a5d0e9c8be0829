using System.Collections.Concurrent;
using System.Diagnostics;
using CaseLedger.Hosting;
using CaseLedger.Server.Tests.Support;
using CaseLedger.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace CaseLedger.Server.Tests.Operations;

/// <summary>The server with OpenTelemetry's in-memory exporters where OTLP would go (issue #22).</summary>
public sealed class TelemetryServer : ServerFixture
{
    public ConcurrentQueue<Activity> Spans { get; } = new();
    public List<MetricSnapshot> Metrics { get; } = [];

    protected override CaseLedgerSettings Configure(CaseLedgerSettings settings) => settings with
    {
        Telemetry = new TelemetryExport(t => t.AddInMemoryExporter(new SpanSink(Spans)), m => m.AddInMemoryExporter(Metrics)),
    };

    /// <summary>Everything recorded so far, exported now.</summary>
    public void Flush()
    {
        App.Services.GetRequiredService<TracerProvider>().ForceFlush();
        lock (Metrics)
        {
            Metrics.Clear();
            App.Services.GetRequiredService<MeterProvider>().ForceFlush();
        }
    }

    /// <summary>The exporter writes from the threads that end spans: a collection safe for that.</summary>
    private sealed class SpanSink(ConcurrentQueue<Activity> spans) : ICollection<Activity>
    {
        public int Count => spans.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => spans.Enqueue(item);
        public void Clear() => spans.Clear();
        public bool Contains(Activity item) => spans.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => spans.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => spans.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

public class when_telemetry_is_exported(TelemetryServer server) : IClassFixture<TelemetryServer>
{
    [Fact]
    public async Task one_command_is_one_trace_from_the_request_through_the_pipeline_to_its_database_statements()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        var trace = ActivityTraceId.CreateRandom();
        await (await server.CommandAsync(caseId, "collect-evidence", Evidence(staff),
            headers: ("traceparent", $"00-{trace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01"))).AssertOkAsync();

        server.Flush();
        var spans = await Eventually.UntilAsync(() => Task.FromResult(server.Spans.Where(s => s.TraceId == trace).ToList()),
            s => s.Any(x => x.Source.Name == "Npgsql") && s.Any(x => x.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)),
            "the request's spans");
        var request = Assert.Single(spans, s => s.Source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Equal($"/api/cases/{caseId}/collect-evidence", request.GetTagItem("url.path"));
        // Every span of the trace hangs under the request: one trace, not a request and a command apart.
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        Assert.All(spans.Where(s => s != request), s => Assert.Contains(s.ParentSpanId, ids));
        Assert.Contains(spans, s => s.Source.Name == "Wolverine");
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client);
    }

    [Fact]
    public async Task commands_refusals_and_their_durations_are_counted()
    {
        var staff = await server.StaffAsync();
        var caseId = await server.FiledCaseAsync(staff);
        server.Flush();
        var before = Sum("caseledger.commands", ("command", "collect-evidence"), ("outcome", "appended"));

        await server.OkAsync(caseId, "collect-evidence", Evidence(staff));
        // A step on a case that does not exist: refused by the pipeline with its code.
        var refused = await (await server.CommandAsync(Guid.CreateVersion7().ToString(), "collect-evidence", Evidence(staff))).JsonAsync();
        var code = (string)refused["code"]!;

        server.Flush();
        // The meter is the process's: other test classes' commands may be counted too, so at least this one.
        Assert.True(Sum("caseledger.commands", ("command", "collect-evidence"), ("outcome", "appended")) >= before + 1);
        Assert.True(Sum("caseledger.refusals", ("code", code)) >= 1, $"no refusal counted with code {code}");
        Assert.True(Count("caseledger.command.duration", ("command", "collect-evidence")) >= 1);
    }

    private static object Evidence(AgencyStaff staff) =>
        new { kind = "inspection-record", description = "现场检查笔录", officers = staff.Investigators, collectedOn = "2025-01-09", mediaSha256 = CaseScenarios.Hash };

    private IEnumerable<MetricPoint> Points(string metric, (string Key, string Value)[] tags)
    {
        lock (server.Metrics)
            return [.. server.Metrics.Where(m => m.Name == metric).SelectMany(m => m.MetricPoints).Where(p => tags.All(t => HasTag(p, t)))];
    }

    private static bool HasTag(MetricPoint point, (string Key, string Value) tag)
    {
        foreach (var pair in point.Tags)
            if (pair.Key == tag.Key && Equals(pair.Value, tag.Value)) return true;
        return false;
    }

    private long Sum(string metric, params (string Key, string Value)[] tags) => Points(metric, tags).Sum(p => p.GetSumLong());

    private long Count(string metric, params (string Key, string Value)[] tags) => Points(metric, tags).Sum(p => p.GetHistogramCount());
}
