using CaseLedger.Cli.Bench;

namespace CaseLedger.Server.Tests.Cli;

/// <summary>A missed command target is printed with what Marten's own command pattern reached in the same run.</summary>
public class when_printing_the_verdicts
{
    private static BenchFigure Pattern(int concurrency, double ratio) =>
        new("bare Marten", Benchmark.MartenCommandPattern, concurrency, 100, 1_000, 1, 2, "bare Marten alongside", ratio);

    private static readonly BenchFigure Command =
        new BenchFigure("CaseLedger", "collect-evidence in process", 16, 100, 500, 1, 2, "bare Marten alongside", 0.45) { Target = "≥ 0.8× bare Marten", Met = false };

    [Fact]
    public void the_command_target_comes_with_the_range_marten_itself_reached() =>
        Assert.Equal("for reference, Marten's own command pattern (fetch for writing, append, inline snapshot): 0.62–0.76× bare Marten",
            BenchCommand.CommandPatternReference([Pattern(1, 0.76), Pattern(4, 0.62), Pattern(16, 0.7), Command]));

    [Fact]
    public void without_a_command_target_or_the_pattern_there_is_nothing_to_compare()
    {
        Assert.Null(BenchCommand.CommandPatternReference([Pattern(1, 0.76), Command with { Target = null, Met = null }]));
        Assert.Null(BenchCommand.CommandPatternReference([Command]));
    }
}
