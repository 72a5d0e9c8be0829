using Spectre.Console;

namespace CaseLedger.Cli;

/// <summary>
/// The arguments of one <c>caseledger</c> command, checked against what the command accepts before any work starts: an
/// unknown option, an option without its value or a missing or extra argument is named with the command's usage and
/// exit code 2, instead of being ignored (a full benchmark run without the JSON file asked for) or failing half-way.
/// </summary>
public sealed class CommandArguments
{
    public const int UsageExitCode = 2;

    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    private CommandArguments(IReadOnlyList<string> positionals, Dictionary<string, string> values, HashSet<string> flags)
    {
        Positionals = positionals;
        _values = values;
        _flags = flags;
    }

    public IReadOnlyList<string> Positionals { get; }

    public string? Positional(int index) => index < Positionals.Count ? Positionals[index] : null;

    public string? Value(string option) => _values.GetValueOrDefault(option);

    public bool Flag(string flag) => _flags.Contains(flag);

    /// <summary>
    /// Whether <paramref name="path"/> (an output file, when given) can be written, its folder existing; checked before the
    /// work whose result it holds, not after. Otherwise says so and gives false.
    /// </summary>
    public static bool CanWrite(string? path, IAnsiConsole? console = null)
    {
        if (path is null || Path.GetDirectoryName(Path.GetFullPath(path)) is not { } folder || Directory.Exists(folder)) return true;
        (console ?? AnsiConsole.Console).MarkupLineInterpolated($"[red]Cannot write {path}: the folder {folder} does not exist.[/]");
        return false;
    }

    /// <summary>The parsed arguments, or null once the problem and the usage are printed.</summary>
    /// <param name="usage">The command's usage line, e.g. <c>caseledger bench [--quick] [--json FILE]</c>.</param>
    /// <param name="values">Options that take a value.</param>
    /// <param name="flags">Options that stand alone.</param>
    /// <param name="required">The names of the positional arguments that must be given, in order.</param>
    /// <param name="optional">Positional arguments that may follow them.</param>
    public static CommandArguments? Parse(string[] args, string usage, string[]? values = null, string[]? flags = null, string[]? required = null, int optional = 0,
        IAnsiConsole? console = null)
    {
        console ??= AnsiConsole.Console;
        var positionals = new List<string>();
        var given = new Dictionary<string, string>();
        var set = new HashSet<string>();
        string? problem = null;
        for (var i = 0; i < args.Length && problem is null; i++)
        {
            var arg = args[i];
            if (values?.Contains(arg) == true)
            {
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)) problem = $"{arg} needs a value.";
                else given[arg] = args[++i];
            }
            else if (flags?.Contains(arg) == true) set.Add(arg);
            else if (arg.StartsWith('-')) problem = $"Unknown option '{arg}'.";
            else positionals.Add(arg);
        }
        required ??= [];
        if (problem is null && positionals.Count < required.Length) problem = $"The {required[positionals.Count]} is missing.";
        if (problem is null && positionals.Count > required.Length + optional) problem = $"Unexpected argument '{positionals[required.Length + optional]}'.";
        if (problem is null) return new CommandArguments(positionals, given, set);

        console.MarkupLineInterpolated($"[red]{problem}[/]");
        console.WriteLine($"Usage: {usage}");
        return null;
    }
}
