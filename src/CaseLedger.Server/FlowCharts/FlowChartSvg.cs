using System.Globalization;
using System.Net;
using System.Text;
using CaseLedger.Domain.Procedures;

namespace CaseLedger.Server.FlowCharts;

/// <summary>
/// The published flow chart of a procedure (执法流程图, Outline item 23) as SVG, drawn on the server from a rule table: one box
/// per step, top to bottom, with who takes it, its article and each time limit. Text stays text (selectable, printable, read
/// by screen readers through the title and the description, which spell out every step and limit); no script.
/// </summary>
public static class FlowChartSvg
{
    private const int Width = 900;
    private const int Margin = 16;
    private const int BoxWidth = Width - 2 * Margin;
    private const int LineHeight = 19;
    private const int Gap = 26;
    // Rough glyph widths at 13px: a CJK character is a full em, Latin about half of one.
    private const double MaxEms = 64;

    public static string Limit(TimeLimit limit, bool english)
    {
        var n = limit.Length.ToString(CultureInfo.InvariantCulture);
        return english
            ? limit.Unit switch
            {
                LimitUnit.WorkingDays => $"{n} working days",
                LimitUnit.Days => $"{n} days",
                LimitUnit.Months => $"{n} months",
                LimitUnit.Years => $"{n} years",
                _ => $"{n} hours",
            }
            : limit.Unit switch
            {
                LimitUnit.WorkingDays => $"{n} 个工作日",
                LimitUnit.Days => $"{n} 日",
                LimitUnit.Months => $"{n} 个月",
                LimitUnit.Years => $"{n} 年",
                _ => $"{n} 小时",
            };
    }

    /// <summary>One line of a limit as the chart prints it: its length, what it bounds and its article.</summary>
    public static string LimitLine(TimeLimit limit, bool english) => english
        ? $"Limit {Limit(limit, true)}: {limit.What.En} ({limit.Article.En})"
        : $"时限 {Limit(limit, false)}：{limit.What.Zh}（{limit.Article.Zh}）";

    public static string Title(ProcedureFlow flow, bool english) =>
        english ? $"Flow chart: {flow.Title.En} ({flow.Basis.En})" : $"执法流程图：{flow.Title.Zh}（{flow.Basis.Zh}）";

    /// <summary>The chart of <paramref name="flow"/> in Chinese, or in English when <paramref name="english"/>.</summary>
    public static string Render(ProcedureFlow flow, bool english)
    {
        var boxes = flow.Steps.Select((step, i) => (Step: step, Lines: Lines(step, i + 1, english))).ToList();
        var height = Margin * 2 + 30 + boxes.Sum(b => b.Lines.Count * LineHeight + 16) + Gap * (boxes.Count - 1);
        var id = "flow-" + flow.Key;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"flow-chart\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" ");
        svg.Append(CultureInfo.InvariantCulture, $"aria-labelledby=\"{id}-title {id}-desc\" lang=\"{(english ? "en" : "zh-CN")}\" data-procedure=\"{flow.Key}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{E(Title(flow, english))}</title>");
        svg.Append(CultureInfo.InvariantCulture, $"<desc id=\"{id}-desc\">{E(Description(flow, english))}</desc>");
        svg.Append("<defs><marker id=\"").Append(id).Append("-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">")
            .Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1f2937\"/></marker></defs>");
        svg.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Margin}\" y=\"{Margin + 18}\" font-size=\"18\" font-weight=\"bold\" fill=\"#111827\">{E(Title(flow, english))}</text>");

        var y = Margin + 30;
        for (var i = 0; i < boxes.Count; i++)
        {
            var (step, lines) = boxes[i];
            var boxHeight = lines.Count * LineHeight + 16;
            var limited = step.Limits.Count > 0;
            svg.Append(CultureInfo.InvariantCulture,
                $"<g class=\"step\" data-step=\"{E(step.Key)}\"><rect x=\"{Margin}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{boxHeight}\" rx=\"8\" ");
            svg.Append(limited ? "fill=\"#fff7ed\" stroke=\"#9a3412\"" : "fill=\"#f8fafc\" stroke=\"#334155\"").Append(" stroke-width=\"1.5\"/>");
            for (var l = 0; l < lines.Count; l++)
            {
                var (text, kind) = lines[l];
                var style = kind switch
                {
                    LineKind.Name => "font-size=\"15\" font-weight=\"bold\" fill=\"#111827\"",
                    LineKind.Limit => "font-size=\"13\" fill=\"#7c2d12\" class=\"limit\"",
                    _ => "font-size=\"12.5\" fill=\"#374151\"",
                };
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Margin + 12}\" y=\"{y + 22 + l * LineHeight}\" {style}>{E(text)}</text>");
            }
            svg.Append("</g>");
            y += boxHeight;
            if (i < boxes.Count - 1)
            {
                svg.Append(CultureInfo.InvariantCulture,
                    $"<line x1=\"{Width / 2}\" y1=\"{y}\" x2=\"{Width / 2}\" y2=\"{y + Gap - 2}\" stroke=\"#1f2937\" stroke-width=\"1.5\" marker-end=\"url(#{id}-arrow)\"/>");
                y += Gap;
            }
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Every step and limit in one sentence each: what a screen reader announces for the chart.</summary>
    public static string Description(ProcedureFlow flow, bool english) =>
        string.Join(english ? " " : "", flow.Steps.Select((s, i) =>
        {
            var limits = s.Limits.Select(l => LimitLine(l, english));
            return english
                ? $"Step {i + 1}, {s.Name.En}: {s.Who.En}; {s.Article.En}." + string.Concat(limits.Select(l => " " + l + "."))
                : $"第{i + 1}步，{s.Name.Zh}：{s.Who.Zh}；{s.Article.Zh}。" + string.Concat(limits.Select(l => l + "。"));
        }));

    private enum LineKind { Name, Detail, Limit }

    private static List<(string Text, LineKind Kind)> Lines(ProcedureStep step, int number, bool english)
    {
        var lines = new List<(string, LineKind)>
        {
            ($"{number}. {step.Name.In(english)}", LineKind.Name),
        };
        lines.AddRange(Wrap($"{step.Who.In(english)} · {step.Article.In(english)}").Select(t => (t, LineKind.Detail)));
        if (step.Note is { } note) lines.AddRange(Wrap(note.In(english)).Select(t => (t, LineKind.Detail)));
        foreach (var limit in step.Limits)
            lines.AddRange(Wrap(LimitLine(limit, english)).Select(t => (t, LineKind.Limit)));
        return lines;
    }

    /// <summary>Breaks a line that would overflow the box, at a space where there is one.</summary>
    private static IEnumerable<string> Wrap(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            double ems = 0;
            var end = start;
            var lastSpace = -1;
            while (end < text.Length && ems < MaxEms)
            {
                ems += text[end] < 0x2E80 ? 0.55 : 1;
                if (text[end] == ' ') lastSpace = end;
                end++;
            }
            if (end < text.Length && lastSpace > start) end = lastSpace + 1;
            yield return text[start..end].TrimEnd();
            start = end;
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
