using System.Diagnostics;

namespace CaseLedger.Cli.Bench;

/// <summary>
/// One measured figure of the benchmark: its ratio to the reference its target names (<see cref="ComparedWith"/>, e.g. bare
/// Marten for commands) and its ratio to the machine's raw limit (<see cref="RawRatio"/>: one durable commit per row at the
/// same concurrency for operations, binary COPY for events). Latency figures (replay, board) have absolute targets and neither.
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
    double? RawRatio = null)
{
    /// <summary>The target for this figure, when it has one at the sizes measured (e.g. "≥ 0.8× bare Marten").</summary>
    public string? Target { get; init; }

    /// <summary>Whether <see cref="Target"/> was met in this run.</summary>
    public bool? Met { get; init; }
}

/// <summary>Operations run concurrently: throughput, latency, and the CPU each operation cost on either side (µs).</summary>
public sealed record Throughput(double PerSecond, double P50Ms, double P99Ms, double ClientCpuUsPerOp, double? ServerCpuUsPerOp);

/// <summary>How much work each part of the benchmark does.</summary>
public sealed record BenchSizes(int OpsPerConcurrency, int CopyRows, int LongCase, int ShortCase, int ReplayRepeats, int BoardCases)
{
    public static readonly BenchSizes Full = new(1_500, 200_000, 10_000, 200, 200, 100_000);
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
        // Warm-up: JIT, code generation and connection pools are not what we measure.
        for (var i = 0; i < Math.Min(20, operationsPerWorker); i++) await operation(0, operationsPerWorker + i);
        var latencies = new double[concurrency * operationsPerWorker];
        var cpuBefore = cpu.Read();
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < operationsPerWorker; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, i);
                latencies[worker * operationsPerWorker + i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        total.Stop();
        var cpuAfter = cpu.Read();
        Array.Sort(latencies);
        double PerOperation(double milliseconds) => milliseconds * 1000 / latencies.Length;
        return new Throughput(latencies.Length / total.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99),
            PerOperation(cpuAfter.ClientMs - cpuBefore.ClientMs),
            cpuAfter.ServerMs - cpuBefore.ServerMs is { } server ? PerOperation(server) : null);
    }

    public static async Task<(double P50Ms, double P99Ms)> LatencyAsync(int repeats, Func<Task> operation)
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
        return (Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
