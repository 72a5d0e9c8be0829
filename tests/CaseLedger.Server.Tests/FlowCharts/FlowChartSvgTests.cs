using System.Xml.Linq;
using CaseLedger.Domain.Procedures;
using CaseLedger.Server.FlowCharts;

namespace CaseLedger.Server.Tests.FlowCharts;

/// <summary>Outline item 23 (执法流程图): the chart is drawn from the rule table it is given, as text, with a title and a description.</summary>
public class when_a_flow_chart_is_drawn
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XElement Parse(string svg) => XElement.Parse(svg);

    private static IEnumerable<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value);

    [Fact]
    public void a_limit_changed_in_the_rules_changes_the_chart_one_source()
    {
        var statutory = FlowChartSvg.Render(ProcedureRules.Statutory.Flow(ProcedureRules.General), english: false);
        var changed = FlowChartSvg.Render(
            ProcedureRules.Statutory.WithLength(ProcedureRules.General, "defence", 9).Flow(ProcedureRules.General), english: false);

        Assert.Contains(Texts(Parse(statutory)), t => t.StartsWith("时限 5 个工作日：收到告知书后陈述、申辩", StringComparison.Ordinal));
        Assert.Contains(Texts(Parse(changed)), t => t.StartsWith("时限 9 个工作日：收到告知书后陈述、申辩", StringComparison.Ordinal));
        Assert.DoesNotContain(Texts(Parse(changed)), t => t.StartsWith("时限 5 个工作日：收到告知书后陈述、申辩", StringComparison.Ordinal));
        // Only that limit: the hearing request keeps its 5 working days.
        Assert.Contains(Texts(Parse(changed)), t => t.StartsWith("时限 5 个工作日：告知后提出听证申请", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(ProcedureRules.General)]
    [InlineData(ProcedureRules.Simplified)]
    [InlineData(ProcedureRules.FastTrack)]
    [InlineData(ProcedureRules.Reconsideration)]
    [InlineData(ProcedureRules.Petition)]
    public void every_step_and_limit_is_text_with_its_article_in_both_languages(string procedure)
    {
        var flow = ProcedureRules.Statutory.Flow(procedure);
        foreach (var english in new[] { false, true })
        {
            var svg = Parse(FlowChartSvg.Render(flow, english));
            var text = string.Join("\n", Texts(svg));
            Assert.Equal(FlowChartSvg.Title(flow, english), svg.Element(Svg + "title")!.Value);
            var desc = svg.Element(Svg + "desc")!.Value;
            Assert.Equal($"flow-{procedure}-title flow-{procedure}-desc", (string?)svg.Attribute("aria-labelledby"));
            foreach (var step in flow.Steps)
            {
                Assert.Contains(step.Name.In(english), text);
                Assert.Contains(step.Name.In(english), desc);
            }
            foreach (var limit in flow.Limits)
            {
                var line = FlowChartSvg.LimitLine(limit, english);
                Assert.Contains(line, desc);
                Assert.Contains(limit.Article.In(english), desc);
                Assert.Contains(FlowChartSvg.Limit(limit, english), text);
            }
            // The only path is the arrow head: the words are never drawn as outlines.
            Assert.Single(svg.Descendants(Svg + "path"));
            Assert.Empty(svg.Descendants(Svg + "script"));
        }
    }

    [Fact]
    public void the_general_procedure_shows_the_engines_periods_Penalty_Law_Arts_45_60_61_64_67()
    {
        var text = string.Join("\n", Texts(Parse(FlowChartSvg.Render(ProcedureRules.Statutory.Flow(ProcedureRules.General), english: true))));
        Assert.Contains("Limit 90 days: Decide from filing (Administrative Penalty Law Art. 60)", text);
        Assert.Contains("Limit 5 working days: Request a hearing after the notice (Administrative Penalty Law Art. 64)", text);
        Assert.Contains("Limit 15 days: Pay the fine from receiving the decision (Administrative Penalty Law Art. 67)", text);
    }
}
