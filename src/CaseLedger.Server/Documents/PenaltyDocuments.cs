using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using CaseLedger.Domain.Penalty;
using CaseLedger.Domain.Procedures;
using NodaTime;

namespace CaseLedger.Server.Documents;

/// <summary>The standard documents (执法文书, Outline item 23) rendered from a penalty case.</summary>
public enum DocumentKind { Notice, Decision, ProofOfService }

/// <summary>Whether a rendered document is the one the serving event recorded by its SHA-256.</summary>
public enum DocumentCheck { Matches, Differs, NotRecorded }

/// <summary>A rendered document: its bytes are <see cref="Html"/> in UTF-8, whose SHA-256 is compared with what the event recorded.</summary>
public sealed record RenderedDocument(DocumentKind Kind, string Title, string Html, string Sha256, long Version, IReadOnlyList<string> Recorded)
{
    public DocumentCheck Check => Recorded.Count == 0 ? DocumentCheck.NotRecorded
        : Recorded.Contains(Sha256, StringComparer.OrdinalIgnoreCase) ? DocumentCheck.Matches
        : DocumentCheck.Differs;
}

/// <summary>What a document names beyond the case's events: the agency's and the officers' names from the register.</summary>
public sealed record DocumentNames(string Agency, IReadOnlyDictionary<string, string> Officers);

/// <summary>
/// 行政处罚事先告知书 (Arts. 44, 45, 63–64), 行政处罚决定书 (Art. 59) and 送达回证 (Art. 61) as printable A4 HTML in Chinese,
/// rendered from the case's events up to the event that served (or made) the document, never from anything recorded later,
/// so the same case renders the same bytes: an officer who records this SHA-256 with the step can prove later that the
/// page shows the very document served. The periods stated come from the table the engine enforces.
/// </summary>
public static class PenaltyDocuments
{
    public static string Slug(DocumentKind kind) => kind switch
    {
        DocumentKind.Notice => "notice",
        DocumentKind.Decision => "decision",
        _ => "proof-of-service",
    };

    public static DocumentKind? FromSlug(string? slug) =>
        Enum.GetValues<DocumentKind>().Cast<DocumentKind?>().FirstOrDefault(k => Slug(k!.Value) == slug);

    public static string Title(DocumentKind kind) => kind switch
    {
        DocumentKind.Notice => "行政处罚事先告知书",
        DocumentKind.Decision => "行政处罚决定书",
        _ => "送达回证",
    };

    public static string Sha256(string html) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(html)));

    /// <summary>
    /// The document of <paramref name="kind"/> from the case's <paramref name="events"/> (in stream order, version 1 first), or null
    /// while the case has no such step. The decision is compared with what its decision and its service recorded.
    /// </summary>
    public static RenderedDocument? Render(DocumentKind kind, IReadOnlyList<object> events, DocumentNames names)
    {
        int at = kind switch
        {
            DocumentKind.Notice => LastIndex<PenaltyNoticeServed>(events),
            DocumentKind.Decision => LastIndex<DecisionMade>(events),
            _ => LastIndex<DecisionServed>(events),
        };
        if (at < 0) return null;
        var upTo = events.Take(at + 1).ToList();
        var state = upTo.Aggregate((PenaltyCaseState?)null, PenaltyCase.Evolve);
        if (state is null) return null;
        var body = kind switch
        {
            DocumentKind.Notice => Notice(state, upTo, names),
            DocumentKind.Decision => Decision(state, upTo, names),
            _ => ProofOfService(state, names),
        };
        var recorded = kind switch
        {
            DocumentKind.Notice => state.Notice!.Documents,
            DocumentKind.Decision => [.. state.Decision!.Documents, .. events.OfType<DecisionServed>().LastOrDefault()?.Documents ?? []],
            _ => state.Service!.Documents,
        };
        var html = Page(Title(kind), names.Agency, state.Filing?.CaseNumber, body);
        return new RenderedDocument(kind, Title(kind), html, Sha256(html), at + 1, recorded);
    }

    private static int LastIndex<T>(IReadOnlyList<object> events)
    {
        for (var i = events.Count - 1; i >= 0; i--)
            if (events[i] is T) return i;
        return -1;
    }

    private static string Date(LocalDate d) => $"{d.Year}年{d.Month}月{d.Day}日";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    private static TimeLimit Rule(string key) => ProcedureRules.Statutory.Limit(ProcedureRules.General, key);

    private static string Party(PenaltyCaseState s) =>
        $"<p class=\"party\">当事人：{E(s.Party.Name)}<br>{(s.Party.Kind == PartyKind.Citizen ? "身份证件号码" : "统一社会信用代码")}：{E(s.Party.IdNumber)}</p>";

    private static string Facts(PenaltyCaseState s, IReadOnlyList<object> events)
    {
        var evidence = events.OfType<EvidenceCollected>().ToList();
        var html = new StringBuilder($"<p>经查，{E(s.Violation.Description)}（违法行为终了于{Date(s.Violation.ActEndedOn)}）。</p>");
        if (evidence.Count == 0) return html.ToString();
        html.Append("<p>以上事实有下列证据证明：</p><ol class=\"evidence\">");
        foreach (var e in evidence)
            html.Append(CultureInfo.InvariantCulture, $"<li>{E(e.Description)}（{Date(e.CollectedOn)}）{(e.MediaSha256 is { } sha ? $"<span class=\"hash\">SHA-256 {E(sha)}</span>" : "")}</li>");
        return html.Append("</ol>").ToString();
    }

    private static string Basis(Discretion? discretion) => discretion is { BenchmarkItem: { Length: > 0 } item }
        ? $"<p>依据《中华人民共和国行政处罚法》及本机关公布的行政处罚裁量基准第 {E(item)} 项（裁量等级：{E(discretion.Level)}；理由：{E(discretion.Reason)}）。</p>"
        : "<p>依据《中华人民共和国行政处罚法》。</p>";

    private static string Officers(IEnumerable<Domain.OfficerSignature> officers, DocumentNames names) =>
        "<p class=\"officers\">执法人员：" + string.Join("；", officers.Select(o =>
            $"{E(names.Officers.GetValueOrDefault(o.OfficerId, o.OfficerId))}（执法证号 {E(o.CertificateNumber ?? "—")}）")) + "</p>";

    private static string Notice(PenaltyCaseState s, IReadOnlyList<object> events, DocumentNames names)
    {
        var notice = s.Notice!;
        var defence = Rule("defence");
        var hearing = Rule("hearing-request");
        var html = new StringBuilder(Party(s));
        html.Append(Facts(s, events)).Append(Basis(s.Conclusion?.Discretion));
        html.Append(CultureInfo.InvariantCulture, $"<p>本机关拟对你（单位）作出如下行政处罚：<strong>{E(PenaltyTerms.Describe(notice.ProposedPenalties, false))}</strong>。</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p>根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩，可于收到本告知书之日起 {defence.Length} 个工作日内向本机关提出；逾期未提出的，视为放弃此权利。本机关不因你（单位）陈述、申辩而给予更重的处罚。</p>");
        if (notice.HearingRightStated)
            html.Append(CultureInfo.InvariantCulture,
                $"<p>根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证，应当在收到本告知书之日起 {hearing.Length} 个工作日内提出；逾期未提出的，视为放弃此权利。听证不收取费用。</p>");
        html.Append(Officers(notice.Officers, names));
        return html.Append(Seal(names.Agency, notice.ServedOn)).ToString();
    }

    private static string Decision(PenaltyCaseState s, IReadOnlyList<object> events, DocumentNames names)
    {
        var decision = s.Decision!;
        var html = new StringBuilder($"<p class=\"number\">{E(decision.DecisionNumber)}</p>").Append(Party(s));
        html.Append(Facts(s, events));
        if (s.Notice is { } notice)
            html.Append(CultureInfo.InvariantCulture, $"<p>本机关于{Date(notice.ServedOn)}向你（单位）送达了行政处罚事先告知书，告知拟作出的行政处罚及其事实、理由、依据和你（单位）依法享有的权利。</p>");
        if (s.Hearing is { } heard)
            html.Append(CultureInfo.InvariantCulture, $"<p>本机关于{Date(heard.HeldOn)}依法举行听证，并根据听证笔录（SHA-256 {E(heard.TranscriptSha256)}）作出本决定。</p>");
        html.Append(Basis(decision.Discretion));
        html.Append(CultureInfo.InvariantCulture, $"<p>本机关决定：<strong>{E(PenaltyTerms.Describe(decision.Penalties, false))}</strong>。</p>");
        if (decision.Penalties.Any(p => p.Kind == PenaltyKind.Fine && p.Amount > 0))
            html.Append(CultureInfo.InvariantCulture,
                $"<p>请于收到本决定书之日起 {Rule("payment").Length} 日内缴纳罚款（《中华人民共和国行政处罚法》第六十七条）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额（第七十二条）。</p>");
        html.Append(CultureInfo.InvariantCulture,
            $"<p>如不服本决定，可以在收到本决定书之日起 {Rule("reconsideration-application").Length} 日内依法申请行政复议，或者在 {Rule("direct-suit").Length} 个月内依法向人民法院提起行政诉讼（《中华人民共和国行政复议法》第二十条、《中华人民共和国行政诉讼法》第四十六条）。申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外（《中华人民共和国行政处罚法》第七十三条）。</p>");
        html.Append(Officers(decision.Officers, names));
        return html.Append(Seal(names.Agency, decision.DecidedOn)).ToString();
    }

    private static string ProofOfService(PenaltyCaseState s, DocumentNames names)
    {
        var service = s.Service!;
        var served = s.Decision is { } d ? $"行政处罚决定书（{E(d.DecisionNumber)}）" : "行政处罚决定书";
        var officers = string.Join("；", service.Officers.Select(o =>
            $"{E(names.Officers.GetValueOrDefault(o.OfficerId, o.OfficerId))}（执法证号 {E(o.CertificateNumber ?? "—")}）"));
        return "<table class=\"receipt\">"
            + $"<tr><th scope=\"row\">受送达人</th><td>{E(s.Party.Name)}</td></tr>"
            + $"<tr><th scope=\"row\">送达文书</th><td>{served}</td></tr>"
            + $"<tr><th scope=\"row\">送达方式</th><td>{PenaltyTerms.Method(service.Method)}</td></tr>"
            + $"<tr><th scope=\"row\">送达日期</th><td>{Date(service.ServedOn)}</td></tr>"
            + $"<tr><th scope=\"row\">送达人</th><td>{officers}</td></tr>"
            + "<tr><th scope=\"row\">受送达人签名或盖章</th><td class=\"sign\"></td></tr>"
            + "<tr><th scope=\"row\">备注</th><td>依据《中华人民共和国行政处罚法》第六十一条送达。</td></tr>"
            + "</table>" + Seal(names.Agency, service.ServedOn);
    }

    private static string Seal(string agency, LocalDate on) =>
        $"<p class=\"seal\">{E(agency)}<br>（印章）<br>{Date(on)}</p>";

    private static string Page(string title, string agency, string? caseNumber, string body) =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
        + $"<title>{E(title)}</title><style>{Style}</style></head><body><article class=\"document\">"
        + $"<header><p class=\"agency\">{E(agency)}</p><h1>{E(title)}</h1><p class=\"case\">案号：{E(caseNumber ?? "—")}</p></header>"
        + body + "</article></body></html>";

    private const string Style =
        "@page{size:A4;margin:25mm 20mm}body{font-family:\"Noto Serif CJK SC\",\"Songti SC\",serif;font-size:12pt;line-height:1.8;color:#000;margin:0}"
        + ".document{max-width:170mm;margin:0 auto;padding:10mm 0}header{text-align:center}.agency{font-size:16pt;margin:0}"
        + "h1{font-size:20pt;letter-spacing:.2em;margin:.2em 0}.case,.number{text-align:right}p{text-indent:2em;margin:.4em 0}"
        + ".party,.officers,.seal,.case,.number,.agency{text-indent:0}.seal{text-align:right;margin-top:2em}"
        + ".hash{font-family:monospace;font-size:8pt;word-break:break-all;display:block}"
        + "table.receipt{width:100%;border-collapse:collapse}table.receipt th,table.receipt td{border:1px solid #000;padding:.6em;text-align:left;vertical-align:top}"
        + "table.receipt th{width:30%;font-weight:normal}td.sign{height:3.5em}";
}
