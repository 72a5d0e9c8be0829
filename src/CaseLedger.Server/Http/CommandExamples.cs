using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using NodaTime;

namespace CaseLedger.Server.Http;

/// <summary>
/// The example body of each command in the OpenAPI document, built from its record: every field without a default, with a
/// value of its type named in the domain's words (officers, agencies, SHA-256 of documents, amounts in yuan, ISO dates).
/// An example has the command's shape; whether the procedure takes it on a given case is for the case to say (422).
/// </summary>
public static class CommandExamples
{
    public const string Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    public const string Date = "2025-01-09";

    private static readonly HashSet<string> OfficerFields = ["officerId", "presiderId", "reviewerId", "leadOfficer", "reviewer"];
    private static readonly HashSet<string> OfficerLists = ["officers", "staff", "members", "participants", "supervisors", "reviewers"];
    private static readonly HashSet<string> AgencyFields = ["agencyId", "body", "submittedTo", "transferredFrom", "authority"];
    private static readonly HashSet<string> StreamFields = ["caseId", "reconsiderationId", "petitionId", "sameFactsAs", "preservationId"];

    private static readonly Dictionary<string, string> Texts = new()
    {
        ["name"] = "济南某食品有限公司",
        ["idNumber"] = "91370100MA3C000000",
        ["court"] = "济南市历下区人民法院",
        ["place"] = "济南市历下区泉城路1号",
        ["domain"] = "market-regulation",
        ["benchmarkItem"] = "食品安全法 Art. 124 基准 3",
        ["url"] = "https://hooks.caseledger.dev/receiver",
        ["secret"] = "at-least-16-characters",
        ["eventTypes"] = "caseledger.penalty.decision_made.v1",
        ["agencies"] = "jinan-samr",
        ["source"] = "日常巡查",
        ["lawyers"] = "陈律师",
        ["thirdParties"] = "济南某物流有限公司",
        ["channel"] = "letter",
        ["number"] = "SD-0001",
        ["receiptNumber"] = "RC-2025-0001",
        ["formNumber"] = "F-2025-0001",
        ["legalReviewCatalogue"] = "吊销许可证",
        ["title"] = "2025 年度行政处罚案卷评查",
    };

    /// <summary>
    /// Optional fields shown all the same: a petition routed to reconsideration needs the day the petitioner knew of the act,
    /// and an application recorded by anyone but the organ's own staff names the organ (<c>body</c>).
    /// </summary>
    private static readonly HashSet<string> Shown = ["knewOn", "body"];

    /// <summary>Dates that fall after the step's own date (an instalment falls due later; a period ends later).</summary>
    private static readonly HashSet<string> LaterDates = ["dueOn", "until", "to", "validTo"];

    private static readonly Dictionary<Type, JsonNode?> Cache = [];

    /// <summary>An example body of <paramref name="type"/> (a command record).</summary>
    public static JsonNode? For(Type type)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(type, out var example)) Cache[type] = example = Sample(type, "", 0);
            return example?.DeepClone();
        }
    }

    private static JsonNode? Sample(Type declared, string field, int depth)
    {
        var type = Nullable.GetUnderlyingType(declared) ?? declared;
        if (type == typeof(string)) return Text(field);
        if (type == typeof(bool)) return false;
        if (type == typeof(decimal) || type == typeof(double)) return 5000;
        if (type == typeof(int) || type == typeof(long)) return field.EndsWith("Days", StringComparison.Ordinal) ? 30 : 1;
        if (type == typeof(LocalDate)) return field == "knewOn" ? "2025-01-02" : LaterDates.Contains(field) ? "2025-03-10" : Date;
        if (type == typeof(Instant)) return "2025-01-09T02:00:00Z";
        if (type.IsEnum) return JsonNamingPolicy.KebabCaseLower.ConvertName(Enum.GetNames(type)[0]);
        if (type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            return new JsonObject();
        if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            var item = type.IsArray ? type.GetElementType()! : type.GetGenericArguments().FirstOrDefault() ?? typeof(string);
            if (item == typeof(string) && OfficerLists.Contains(field)) return new JsonArray("zhang-wei", "li-na");
            return new JsonArray(Sample(item, field, depth + 1));
        }
        if (depth > 4) return null;
        var constructor = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance).OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        var sample = new JsonObject();
        foreach (var parameter in constructor?.GetParameters() ?? [])
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            if (parameter.HasDefaultValue && !Shown.Contains(name)) continue;
            sample[name] = Sample(parameter.ParameterType, name, depth + 1);
        }
        return sample;
    }

    private static string Text(string field)
    {
        if (field.EndsWith("Sha256", StringComparison.Ordinal) || field == "documents") return Sha256;
        if (OfficerFields.Contains(field) || OfficerLists.Contains(field) || field.EndsWith("By", StringComparison.Ordinal)) return "zhang-wei";
        if (AgencyFields.Contains(field)) return "jinan-samr";
        if (StreamFields.Contains(field)) return "01a24990-0012-7b94-a1f5-bfcb9175e669";
        if (Texts.TryGetValue(field, out var text)) return text;
        return RequestBody.NarrativeFields.Contains(field) ? "当事人销售超过保质期的食品，现场查获12箱。" : "示例";
    }
}
