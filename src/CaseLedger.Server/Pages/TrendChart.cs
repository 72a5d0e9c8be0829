using System.Globalization;
using System.Xml.Linq;

namespace CaseLedger.Server.Pages;

/// <summary>One month of a rate: the month's label, the rate (null when nothing was counted) and its counts as text.</summary>
public sealed record TrendPoint(string Month, double? Rate, string Counts);

/// <summary>
/// A rate's monthly trend as an SVG bar chart drawn by the server (no script): one bar per month, its value and counts in the
/// bar's title, the chart's title drawn above it and, with its description, read out by screen readers. Pages show the same
/// numbers in a table beside it (the console's agency overview).
/// </summary>
public static class TrendChart
{
    private const int Width = 640, Height = 240, Left = 44, Bottom = 28, Top = 32, Right = 8;

    public static string Svg(string id, string title, IReadOnlyList<TrendPoint> points)
    {
        var max = Math.Max(0.05, points.Max(p => p.Rate ?? 0));
        max = Math.Ceiling(max * 20) / 20; // a whole 5 % at the top
        var plotWidth = Width - Left - Right;
        var plotHeight = Height - Top - Bottom;
        var slot = points.Count == 0 ? plotWidth : (double)plotWidth / points.Count;
        XNamespace svg = "http://www.w3.org/2000/svg";
        var root = new XElement(svg + "svg",
            new XAttribute("viewBox", $"0 0 {Width} {Height}"), new XAttribute("width", "100%"), new XAttribute("role", "img"),
            new XAttribute("aria-labelledby", $"{id}-title {id}-desc"), new XAttribute("class", "chart"),
            new XElement(svg + "title", new XAttribute("id", $"{id}-title"), title),
            new XElement(svg + "desc", new XAttribute("id", $"{id}-desc"),
                string.Join("; ", points.Select(p => $"{p.Month}: {Percent(p.Rate)} ({p.Counts})"))),
            // The title drawn too, so that a printed chart says what it shows.
            new XElement(svg + "text", new XAttribute("x", 0), new XAttribute("y", 16), new XAttribute("font-size", "14"), new XAttribute("font-weight", "600"),
                new XAttribute("fill", "#1b1f24"), new XAttribute("aria-hidden", "true"), title));
        for (var i = 0; i <= 4; i++)
        {
            var value = max * i / 4;
            var y = Top + plotHeight - plotHeight * i / 4.0;
            root.Add(new XElement(svg + "line", Attributes(("x1", Left), ("x2", Width - Right), ("y1", y), ("y2", y)), new XAttribute("stroke", "#c9d1da")));
            root.Add(new XElement(svg + "text", Attributes(("x", Left - 4), ("y", y + 4)), new XAttribute("text-anchor", "end"), new XAttribute("font-size", "11"),
                new XAttribute("fill", "#4a5360"), Percent(value)));
        }
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = Left + slot * i;
            var h = p.Rate is { } r ? plotHeight * r / max : 0;
            root.Add(new XElement(svg + "rect", Attributes(("x", x + slot * 0.15), ("y", Top + plotHeight - h), ("width", slot * 0.7), ("height", h)),
                new XAttribute("fill", "#0b5cad"), new XElement(svg + "title", $"{p.Month}: {Percent(p.Rate)} ({p.Counts})")));
            if (points.Count <= 12 || i % 2 == 0)
                root.Add(new XElement(svg + "text", Attributes(("x", x + slot / 2), ("y", Height - 10)), new XAttribute("text-anchor", "middle"),
                    new XAttribute("font-size", "11"), new XAttribute("fill", "#4a5360"), p.Month));
        }
        return root.ToString(SaveOptions.DisableFormatting);
    }

    public static string Percent(double? rate) => Shown.Percent(rate);

    private static IEnumerable<XAttribute> Attributes(params (string Name, double Value)[] values) =>
        values.Select(v => new XAttribute(v.Name, v.Value.ToString("0.#", CultureInfo.InvariantCulture)));
}
