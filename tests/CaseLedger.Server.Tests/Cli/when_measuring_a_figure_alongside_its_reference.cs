using System.Collections.Concurrent;
using CaseLedger.Cli.Bench;

namespace CaseLedger.Server.Tests.Cli;

/// <summary>A figure and its reference share the machine's passing load only if their measurements alternate.</summary>
public class when_measuring_a_figure_alongside_its_reference
{
    private readonly ConcurrentQueue<(string Side, int Worker, int Index)> _log = new();

    private Func<int, int, Task> Logged(string side) => (worker, index) =>
    {
        _log.Enqueue((side, worker, index));
        return Task.CompletedTask;
    };

    [Fact]
    public async Task each_side_runs_every_operation_of_every_worker_once_and_in_order()
    {
        var (candidate, reference) = await Measure.AlternatelyAsync(3, 10, new CpuMeter(null), Logged("candidate"), Logged("reference"));

        foreach (var side in new[] { "candidate", "reference" })
        foreach (var worker in Enumerable.Range(0, 3))
            // Warm-up first, numbered past the measured operations; then 0..9 in order across the slices (a whole case's steps need it).
            Assert.Equal(Enumerable.Range(0, 10),
                _log.Where(e => e.Side == side && e.Worker == worker && e.Index < 10).Select(e => e.Index));
        Assert.True(candidate.PerSecond > 0 && reference.PerSecond > 0);
    }

    [Fact]
    public async Task the_slices_alternate_so_that_neither_side_runs_only_early_or_only_late()
    {
        await Measure.AlternatelyAsync(1, 8, new CpuMeter(null), Logged("candidate"), Logged("reference"), slices: 4);

        var measured = _log.Where(e => e.Index < 8).ToList();
        // Slices of two in the order reference, candidate | candidate, reference | reference, candidate | candidate, reference:
        // merged where one side runs twice in a row.
        var runs = new List<(string Side, int First)>();
        foreach (var e in measured)
            if (runs.Count == 0 || runs[^1].Side != e.Side) runs.Add((e.Side, e.Index));
        Assert.Equal(
            [("reference", 0), ("candidate", 0), ("reference", 2), ("candidate", 4), ("reference", 6)],
            runs);
    }
}
