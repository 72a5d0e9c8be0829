using System.Globalization;
using CaseLedger.Domain.Procedures;
using CaseLedger.Server.FlowCharts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CaseLedger.Server.Pages.Public;

/// <summary>
/// The published flow charts (执法流程图, Outline item 23), open to anyone: every procedure, or the one named, drawn by the
/// server from the rule table the engine enforces (<see cref="ProcedureRules.Statutory"/>).
/// </summary>
public sealed class FlowChartsModel : PageModel
{
    public IReadOnlyList<ProcedureFlow> Flows { get; private set; } = [];

    public bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static IReadOnlyList<ProcedureFlow> All => ProcedureRules.Statutory.Flows;

    public IActionResult OnGet(string? procedure)
    {
        if (procedure is null)
        {
            Flows = All;
            return Page();
        }
        if (ProcedureRules.Statutory.Find(procedure) is not { } flow) return NotFound();
        Flows = [flow];
        return Page();
    }

    public string Svg(ProcedureFlow flow) => FlowChartSvg.Render(flow, English);
}
