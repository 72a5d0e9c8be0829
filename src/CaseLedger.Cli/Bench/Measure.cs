using System.Diagnostics;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// One measured figure of the benchmark: its ratio to the reference its target names (<see cref="ComparedWith"/>, e.g. bare
/// Marten for commands) and its ratio to the machine's raw limit (<see cref="RawRatio"/>: one durable commit per row at the
/// same concurrency for operations, binary COPY for events). Latency figures (replay, board) have absolute targets and neither.
/// A figure compared with bare Marten carries the reference's own throughput (<see cref="ReferencePerSecond"/>), measured
/// alongside it in alternating slices.
/// </summary>
public sealed record BenchFigure(
    string Group,
    string Name,
    int Concurrency,
    long Operations,
    double PerSecond,
    double? P50Ms,
    double? P99Ms,
    string? ComparedWith = null,
    double? Ratio = null,
    string Unit = "ops/s",
    double? ClientCpuUsPerOp = null,
    double? ServerCpuUsPerOp = null,
    double? RawRatio = null,
    double? ReferencePerSecond = null)
{
    /// <summary>The target for this figure, when it has one at the sizes measured (e.g. "≥ 0.8× bare Marten").</summary>
    public string? Target { get; init; }

    /// <summary>Whether <see cref="Target"/> was met in this run.</summary>
    public bool? Met { get; init; }

    /// <summary>The 95th percentile, for the figures whose target names it (the console's pages).</summary>
    public double? P95Ms { get; init; }
}

/// <summary>Operations run concurrently: throughput, latency, and the CPU each operation cost on either side (µs).</summary>
public sealed record Throughput(double PerSecond, double P50Ms, double P99Ms, double ClientCpuUsPerOp, double? ServerCpuUsPerOp);

/// <summary>How much work each part of the benchmark does.</summary>
public sealed record BenchSizes(int OpsPerConcurrency, int CopyRows, int LongCase, int ShortCase, int ReplayRepeats, int BoardCases)
{
    public static readonly BenchSizes Full = new(4_000, 200_000, 10_000, 200, 200, 100_000);
    public static readonly BenchSizes Quick = new(300, 40_000, 2_000, 200, 60, 10_000);

    /// <summary>For the test that proves the benchmark runs; its figures mean nothing.</summary>
    public static readonly BenchSizes Tiny = new(8, 200, 30, 10, 3, 20);
}

/// <summary>Runs operations on N concurrent workers and reads throughput and latency percentiles.</summary>
public static class Measure
{
    public static async Task<Throughput> ConcurrentlyAsync(
        int concurrency, int operationsPerWorker, CpuMeter cpu, Func<int, int, Task> operation)
    {
        await WarmUpAsync(operationsPerWorker, operation);
        var slice = await SliceAsync(concurrency, 0, operationsPerWorker, cpu, operation);
        return Combined([slice]);
    }

    /// <summary>
    /// A figure and its reference measured in alternating slices at the same concurrency, in the order reference, candidate,
    /// candidate, reference, and so on: load that comes and goes on a shared machine weighs on both alike, so their ratio
    /// holds where two figures measured minutes apart would not. Each worker's operations keep their order across slices
    /// (operation i of a worker always follows operation i − 1), as a whole case's steps need.
    /// </summary>
    public static async Task<(Throughput Candidate, Throughput Reference)> AlternatelyAsync(
        int concurrency, int operationsPerWorker, CpuMeter cpu, Func<int, int, Task> candidate, Func<int, int, Task> reference, int slices = 4)
    {
        await WarmUpAsync(operationsPerWorker, reference);
        await WarmUpAsync(operationsPerWorker, candidate);
        slices = Math.Clamp(slices, 1, operationsPerWorker);
        var candidateSlices = new List<Slice>();
        var referenceSlices = new List<Slice>();
        for (var k = 0; k < slices; k++)
        {
            var from = operationsPerWorker * k / slices;
            var count = operationsPerWorker * (k + 1) / slices - from;
            var referenceFirst = k % 2 == 0;
            if (referenceFirst) referenceSlices.Add(await SliceAsync(concurrency, from, count, cpu, reference));
            candidateSlices.Add(await SliceAsync(concurrency, from, count, cpu, candidate));
            if (!referenceFirst) referenceSlices.Add(await SliceAsync(concurrency, from, count, cpu, reference));
        }
        return (Combined(candidateSlices), Combined(referenceSlices));
    }

    /// <summary>JIT, code generation and connection pools are not what we measure: a few operations first, numbered past the measured ones.</summary>
    private static async Task WarmUpAsync(int operationsPerWorker, Func<int, int, Task> operation)
    {
        for (var i = 0; i < Math.Min(20, operationsPerWorker); i++) await operation(0, operationsPerWorker + i);
    }

    private sealed record Slice(double[] Latencies, TimeSpan Elapsed, double ClientMs, double? ServerMs);

    /// <summary>Operations <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1 of each worker.</summary>
    private static async Task<Slice> SliceAsync(int concurrency, int from, int count, CpuMeter cpu, Func<int, int, Task> operation)
    {
        var latencies = new double[concurrency * count];
        var cpuBefore = cpu.Read();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, from + i);
                latencies[worker * count + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        total.Stop();
        var cpuAfter = cpu.Read();
        return new Slice(latencies, total.Elapsed, cpuAfter.ClientMs - cpuBefore.ClientMs, cpuAfter.ServerMs - cpuBefore.ServerMs);
    }

    private static Throughput Combined(IReadOnlyList<Slice> slices)
    {
        var latencies = slices.SelectMany(s => s.Latencies).ToArray();
        Array.Sort(latencies);
        var seconds = slices.Sum(s => s.Elapsed.TotalSeconds);
        double PerOperation(double milliseconds) => milliseconds * 1000 / latencies.Length;
        var server = slices.Any(s => s.ServerMs is null) ? null : slices.Sum(s => s.ServerMs);
        return new Throughput(latencies.Length / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            PerOperation(slices.Sum(s => s.ClientMs)), server is { } ms ? PerOperation(ms) : null);
    }

    public static async Task<(double P50Ms, double P99Ms)> LatencyAsync(int repeats, Func<Task> operation)
    {
        var latencies = await LatenciesAsync(repeats, operation);
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    /// <summary>Each of <paramref name="repeats"/> operations' latency in ms, sorted, after a warm-up.</summary>
    public static async Task<double[]> LatenciesAsync(int repeats, Func<Task> operation)
    {
        for (var i = 0; i < 3; i++) await operation(); // warm-up: JIT and plans are not what we measure
        var latencies = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Array.Sort(latencies);
        return latencies;
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
