using System.Globalization;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Server.Documents;

/// <summary>The words of the penalty kinds (行政处罚法 Art. 9) and service methods, in Chinese and English.</summary>
public static class PenaltyTerms
{
    public static string Name(PenaltyKind kind, bool english) => kind switch
    {
        PenaltyKind.Warning => english ? "warning" : "警告",
        PenaltyKind.NoticeOfCriticism => english ? "notice of criticism" : "通报批评",
        PenaltyKind.Fine => english ? "fine" : "罚款",
        PenaltyKind.Confiscation => english ? "confiscation" : "没收违法所得、没收非法财物",
        PenaltyKind.QualificationDowngrade => english ? "qualification downgrade" : "降低资质等级",
        PenaltyKind.LicenceSuspension => english ? "licence suspension" : "暂扣许可证件",
        PenaltyKind.LicenceRevocation => english ? "licence revocation" : "吊销许可证件",
        PenaltyKind.RestrictionOfActivities => english ? "restriction of activities" : "限制开展生产经营活动",
        PenaltyKind.StopProduction => english ? "order to stop production" : "责令停产停业",
        PenaltyKind.Closure => english ? "order to close" : "责令关闭",
        PenaltyKind.PracticeBan => english ? "practice ban" : "限制从业",
        _ => english ? "administrative detention" : "行政拘留",
    };

    public static string Yuan(decimal amount) => amount.ToString("#,0.##", CultureInfo.InvariantCulture);

    /// <summary>"罚款人民币 5,000 元" / "fine of 5,000 yuan".</summary>
    public static string Describe(PenaltyTerm term, bool english) => term.Amount is { } amount
        ? english ? $"{Name(term.Kind, true)} of {Yuan(amount)} yuan" : $"{Name(term.Kind, false)}人民币 {Yuan(amount)} 元"
        : Name(term.Kind, english);

    public static string Describe(IEnumerable<PenaltyTerm> terms, bool english) =>
        string.Join(english ? "; " : "；", terms.Select(t => Describe(t, english)));

    public static string Method(ServiceMethod method) => method switch
    {
        ServiceMethod.Direct => "直接送达",
        ServiceMethod.Mail => "邮寄送达",
        ServiceMethod.Electronic => "电子送达",
        ServiceMethod.Announcement => "公告送达",
        ServiceMethod.LeftAtAddress => "留置送达",
        ServiceMethod.Entrusted => "委托送达",
        _ => "当场口头告知",
    };
}
