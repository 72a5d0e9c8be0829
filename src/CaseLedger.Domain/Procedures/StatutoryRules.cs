using CaseLedger.Domain.Agencies;
using static CaseLedger.Domain.Procedures.LimitUnit;

namespace CaseLedger.Domain.Procedures;

/// <summary>
/// The statutory table (domain.md §§1, 3, 5): the general, simplified and fast-track penalty procedures, reconsideration and
/// petitions, each step with its time limits and articles. The numbers are written here once; the engine reads them.
/// </summary>
internal static class StatutoryRules
{
    private sealed record Statute(string Zh, string En)
    {
        public Text Art(string number) => new($"《{Zh}》第{number}条", $"{En} Art. {number}");
    }

    private static readonly Statute Penalty = new("行政处罚法", "Administrative Penalty Law");
    private static readonly Statute ReconsiderationLaw = new("行政复议法", "Administrative Reconsideration Law");
    private static readonly Statute LitigationLaw = new("行政诉讼法", "Administrative Litigation Law");
    private static readonly Statute Coercion = new("行政强制法", "Administrative Coercion Law");
    private static readonly Statute Petitions = new("信访工作条例", "Petition Work Regulations");
    private static readonly Text ThreeSystems = new("国办发〔2018〕118号（三项制度）", "State Council Office 2018 No. 118 (three systems)");
    private static readonly Text PublicSecurity = new("《公安机关办理行政案件程序规定》（快速办理）", "Public Security Administrative Case Procedure Rules (fast track)");

    private static TimeLimit L(string key, int length, LimitUnit unit, string zh, string en, Text article) =>
        new(key, length, unit, new Text(zh, en), article);

    private static ProcedureStep Step(string key, string zh, string en, string whoZh, string whoEn, Text article, params TimeLimit[] limits) =>
        new(key, new Text(zh, en), new Text(whoZh, whoEn), article, limits);

    private static readonly Text Officers = new("两名以上持证执法人员", "two or more certified officers");
    private static readonly Text Head = new("行政机关负责人", "the agency head");

    public static ProcedureRules Build() => new([General(), Simplified(), FastTrack(), Reconsideration(), Petition()]);

    private static ProcedureStep Remedies(bool directSuit) => new("remedies", new Text("申请复议或提起诉讼", "Reconsideration or suit"),
        new Text("当事人", "the party"), ReconsiderationLaw.Art("20"),
        directSuit
            ?
            [
                L("reconsideration-application", 60, Days, "知道行政行为之日起申请行政复议", "Apply for reconsideration from knowing the act", ReconsiderationLaw.Art("20")),
                L("direct-suit", 6, Months, "知道行政行为之日起提起行政诉讼", "Sue from knowing the act", LitigationLaw.Art("46")),
            ]
            : [L("reconsideration-application", 60, Days, "当场处罚先申请行政复议，后起诉", "On-the-spot penalties: reconsideration first, then suit", ReconsiderationLaw.Art("23"))]);

    private static ProcedureStep Execution(bool reminder) => new("execution", new Text("执行", "Execution"),
        new Text("当事人；行政机关", "the party; the agency"), Penalty.Art("67"),
        reminder
            ?
            [
                L("payment", 15, Days, "收到决定书之日起缴纳罚款", "Pay the fine from receiving the decision", Penalty.Art("67")),
                L("reminder", 10, WorkingDays, "催告后履行，方可申请法院强制执行", "Pay after the written reminder, before court enforcement", Coercion.Art("54")),
                L("court-enforcement", 3, Months, "复议、诉讼期限届满后申请法院强制执行", "Apply to the court after the remedy periods end", Coercion.Art("53")),
            ]
            : [L("payment", 15, Days, "收到决定书之日起缴纳罚款", "Pay the fine from receiving the decision", Penalty.Art("67"))]);

    private static ProcedureFlow General() => new(ProcedureRules.General, new Text("行政处罚普通程序", "General penalty procedure"),
        Penalty.Art("54–65"),
        [
            Step("filing", "立案", "Filing", "负责人批准，指定两名以上执法人员", "approved by the head, two or more officers designated", Penalty.Art("54"),
                L("limitation", 2, Years, "违法行为二年内未被发现的，不再给予行政处罚", "No penalty for an act not discovered within 2 years", Penalty.Art("36")),
                L("limitation-harm", 5, Years, "涉及生命健康安全、金融安全且有危害后果的，五年", "5 years for life, health or financial safety with harm", Penalty.Art("36"))),
            Step("investigation", "调查取证", "Investigation and evidence", Officers.Zh, Officers.En, Penalty.Art("42、55"),
                L("preservation-decision", 7, WorkingDays, "先行登记保存后作出处理决定", "Decide on preserved evidence", Penalty.Art("56"))),
            Step("notice", "事先告知", "Notice of proposed penalty", Officers.Zh, Officers.En, Penalty.Art("44、62")),
            Step("defence", "陈述、申辩", "Statement and defence", "当事人；行政机关复核", "the party; the agency re-examines", Penalty.Art("45"),
                L("defence", 5, WorkingDays, "收到告知书后陈述、申辩", "State and defend after the notice", Penalty.Art("45"))),
            Step("hearing", "听证", "Hearing", "非本案调查人员主持", "presided by a non-investigator", Penalty.Art("63–65"),
                L("hearing-request", 5, WorkingDays, "告知后提出听证申请", "Request a hearing after the notice", Penalty.Art("64")),
                L("hearing-notice", 7, WorkingDays, "举行听证七日前通知时间、地点", "Notice of time and place before the hearing", Penalty.Art("64"))),
            Step("legal-review", "法制审核", "Legal review", "具有法律职业资格的审核人员", "reviewers with the legal professional qualification", Penalty.Art("58")),
            Step("collective-discussion", "集体讨论", "Collective discussion", "行政机关负责人集体讨论", "the agency's leaders together", Penalty.Art("57")),
            Step("decision", "作出决定", "Decision", Head.Zh, Head.En, Penalty.Art("57、59、60"),
                L("decision", AgencyPolicy.DefaultDecisionDays, Days, "立案之日起作出决定", "Decide from filing", Penalty.Art("60")),
                L("extension", AgencyPolicy.DefaultExtensionDays, Days, "经负责人批准可延长", "Extension approved by the head", Penalty.Art("60"))),
            Step("service", "送达", "Service", Officers.Zh, Officers.En, Penalty.Art("61"),
                L("service", 7, WorkingDays, "当事人不在场的，决定后送达", "Serve the decision when the party is absent", Penalty.Art("61"))),
            Step("publication", "公示", "Publication", "行政机关", "the agency", ThreeSystems,
                L("publication", 7, WorkingDays, "作出决定后公示", "Publish the decision", ThreeSystems),
                L("withdrawal", 3, WorkingDays, "决定被变更、撤销或确认违法、无效的，撤回公示", "Withdraw it when changed, revoked or confirmed illegal or void", Penalty.Art("48"))),
            Execution(reminder: true),
            Remedies(directSuit: true),
            Step("closing", "结案归档", "Closing and archiving", Head.Zh, Head.En, Penalty.Art("47")),
        ]);

    private static ProcedureFlow Simplified() => new(ProcedureRules.Simplified, new Text("行政处罚简易程序（当场处罚）", "Simplified (on-the-spot) procedure"),
        Penalty.Art("51–53"),
        [
            Step("eligibility", "适用条件", "Eligibility", "违法事实确凿并有法定依据", "facts conclusive, legal basis exists", Penalty.Art("51")) with
            {
                Note = new Text("警告，或对公民处二百元以下、对法人或者其他组织处三千元以下罚款",
                    "a warning, or a fine up to 200 yuan on a citizen or 3,000 yuan on an organisation"),
            },
            Step("on-the-spot-decision", "当场作出决定", "Decision on the spot", "执法人员出示证件，填写预定格式、编有号码的决定书", "the officer shows the certificate and issues a numbered form", Penalty.Art("52")),
            Step("collection", "当场收缴罚款", "Collection on the spot", "执法人员，出具专用票据", "the officer, with an official receipt", Penalty.Art("68、70"),
                L("cash-hand-over", 2, WorkingDays, "当场收缴的罚款交至行政机关", "Hand collected cash to the agency", Penalty.Art("71"))),
            Step("file-copy", "备案", "Filing a copy", "执法人员", "the officer", Penalty.Art("52")),
            Execution(reminder: false),
            Remedies(directSuit: false),
        ]);

    private static ProcedureFlow FastTrack() => new(ProcedureRules.FastTrack, new Text("快速办理", "Fast track"), PublicSecurity,
        [
            Step("consent", "告知并同意快速办理", "Notice and consent", "违法嫌疑人自愿认错认罚，书面同意", "the suspect admits, accepts and consents in writing", PublicSecurity) with
            {
                Note = new Text("依法应当听证的，不适用快速办理", "not available where a hearing applies"),
            },
            Step("evidence", "简化取证", "Simplified evidence", Officers.Zh, Officers.En, PublicSecurity),
            Step("notice", "口头告知", "Oral notice", "当事人签名确认", "signed by the party", PublicSecurity),
            Step("decision", "作出决定", "Decision", Head.Zh, Head.En, PublicSecurity,
                L("fast-track-decision", 48, Hours, "违法嫌疑人到案后作出决定", "Decide after the suspect's arrival", PublicSecurity)),
            Step("service", "送达", "Service", Officers.Zh, Officers.En, Penalty.Art("61"),
                L("service", 7, WorkingDays, "当事人不在场的，决定后送达", "Serve the decision when the party is absent", Penalty.Art("61"))),
            Execution(reminder: true),
            Remedies(directSuit: true),
        ]);

    private static ProcedureFlow Reconsideration() => new(ProcedureRules.Reconsideration, new Text("行政复议", "Administrative reconsideration"),
        ReconsiderationLaw.Art("20–79"),
        [
            Step("application", "申请", "Application", "申请人", "the applicant", ReconsiderationLaw.Art("20"),
                L("application", 60, Days, "知道行政行为之日起申请", "Apply from knowing the act", ReconsiderationLaw.Art("20"))),
            Step("acceptance", "受理审查", "Acceptance", "复议机构", "the reconsideration office", ReconsiderationLaw.Art("30、31"),
                L("acceptance", 5, WorkingDays, "收到申请后审查，逾期视为受理", "Examine the application; silence is acceptance", ReconsiderationLaw.Art("30")),
                L("correction-notice", 5, WorkingDays, "材料不全的，一次性通知补正", "One correction notice", ReconsiderationLaw.Art("31")),
                L("correction", 10, WorkingDays, "申请人补正", "The applicant corrects", ReconsiderationLaw.Art("31"))),
            Step("copy", "发送副本", "Copy to the respondent", "复议机构", "the reconsideration office", ReconsiderationLaw.Art("48、54"),
                L("copy", 7, WorkingDays, "受理后发送申请书副本", "Send the copy after acceptance", ReconsiderationLaw.Art("48")),
                L("copy-simplified", 3, WorkingDays, "简易程序", "Simplified procedure", ReconsiderationLaw.Art("54"))),
            Step("reply", "答复举证", "Reply and evidence", "被申请人", "the respondent", ReconsiderationLaw.Art("48、54、70"),
                L("reply", 10, WorkingDays, "收到副本后提出书面答复及证据、依据", "Reply with evidence and legal basis after receiving the copy", ReconsiderationLaw.Art("48")),
                L("reply-simplified", 5, WorkingDays, "简易程序", "Simplified procedure", ReconsiderationLaw.Art("54"))),
            Step("hearing", "听证", "Hearing", "一名主持人、两名以上听证员", "one presider, two or more members", ReconsiderationLaw.Art("50、51"),
                L("hearing-notice", 5, WorkingDays, "举行听证五日前通知", "Notice before the hearing", ReconsiderationLaw.Art("51"))),
            Step("decision", "作出决定", "Decision", "复议机关", "the reconsideration body", ReconsiderationLaw.Art("62–69"),
                L("decision", 60, Days, "受理之日起作出决定", "Decide from acceptance", ReconsiderationLaw.Art("62")),
                L("extension", 30, Days, "经批准延长一次", "One extension on approval", ReconsiderationLaw.Art("62")),
                L("decision-simplified", 30, Days, "简易程序", "Simplified procedure", ReconsiderationLaw.Art("62"))),
            Step("service", "送达生效", "Service and effect", "复议机关", "the reconsideration body", ReconsiderationLaw.Art("75"),
                L("suit-after-reconsideration", 15, Days, "收到复议决定书之日起提起诉讼", "Sue after receiving the decision", LitigationLaw.Art("45"))),
        ]);

    private static ProcedureFlow Petition() => new(ProcedureRules.Petition, new Text("信访事项办理", "Petitions"), Petitions.Art("22–36"),
        [
            Step("registration", "登记、转送、告知", "Registration, routing and notice", "信访工作机构", "the petition office", Petitions.Art("22、23"),
                L("notice", 15, Days, "登记、转送并书面告知信访人", "Register, route and tell the petitioner in writing", Petitions.Art("22、23")),
                L("transfer-objection", 5, WorkingDays, "对转送事项有异议的提出", "Object to a transferred petition", Petitions.Art("23"))),
            Step("routing", "诉访分离", "Routing to other channels", "信访工作机构", "the petition office", Petitions.Art("31")) with
            {
                Note = new Text("属诉讼、复议、仲裁等途径解决的，导入相应程序", "matters for court, reconsideration or arbitration go there"),
            },
            Step("handling", "办理答复", "Handling and reply", "有权处理的机关", "the competent agency", Petitions.Art("34"),
                L("handling", 60, Days, "受理之日起办结", "Conclude from acceptance", Petitions.Art("34")),
                L("extension", 30, Days, "经批准延长", "Extension on approval", Petitions.Art("34"))),
            Step("review", "复查", "Review", "上一级机关", "the agency one level up", Petitions.Art("35"),
                L("review-request", 30, Days, "收到处理意见之日起请求复查", "Request a review after receiving the reply", Petitions.Art("35")),
                L("review", 30, Days, "收到复查请求之日起答复", "Answer the review", Petitions.Art("35"))),
            Step("re-review", "复核", "Re-review", "复查机关的上一级机关", "the agency above the reviewer", Petitions.Art("36"),
                L("re-review-request", 30, Days, "收到复查意见之日起请求复核", "Request a re-review after receiving the review", Petitions.Art("36")),
                L("re-review", 30, Days, "收到复核请求之日起答复", "Answer the re-review", Petitions.Art("36"))),
        ]);
}
