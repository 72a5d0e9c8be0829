using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaseLedger.Server.Tests.Support;

/// <summary>
/// Whether an answer is what the OpenAPI document says it is: each field of the answer declared in the schema of its
/// operation and status (a field a generated client would drop), each required one present, each value of its type.
/// Written here because the served validators check JSON Schema documents, not OpenAPI 3.0's dialect (nullable, $ref
/// into components); this checks only what a client generator relies on.
/// </summary>
public sealed class DocumentedShape(JsonNode document)
{
    /// <summary>The schema of an operation's answer for a status, or null when the document names none.</summary>
    public JsonNode? AnswerSchema(string method, string route, int status)
    {
        var responses = document["paths"]?[route]?[method.ToLowerInvariant()]?["responses"];
        var answer = Resolve(responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        return answer?["content"]?.AsObject().Select(c => c.Value?["schema"]).FirstOrDefault(s => s is not null);
    }

    /// <summary>Where the value departs from the schema, as JSON paths with what was expected; empty when it conforms.</summary>
    public IReadOnlyList<string> Departures(JsonNode? value, JsonNode schema)
    {
        var found = new List<string>();
        Check(value, schema, "$", found, 0);
        return found;
    }

    private void Check(JsonNode? value, JsonNode? schema, string at, List<string> found, int depth)
    {
        schema = Resolve(schema);
        if (schema is null || depth > 40) return;
        if (value is null && schema["nullable"]?.GetValue<bool>() == true) return;
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray branches)
        {
            if (!branches.Any(branch => Departures(value, branch!).Count == 0)) found.Add($"{at}: matches none of its schema's branches");
            return;
        }
        foreach (var part in schema["allOf"] as JsonArray ?? []) Check(value, part, at, found, depth + 1);
        var type = schema["type"]?.GetValue<string>();
        if (value is null)
        {
            if (type is not null && schema["nullable"]?.GetValue<bool>() != true) found.Add($"{at}: null, documented as a non-null {type}");
            return;
        }
        var kind = value.GetValueKind();
        switch (type)
        {
            case "string" when kind != JsonValueKind.String:
            case "boolean" when kind is not (JsonValueKind.True or JsonValueKind.False):
            case "number" when kind != JsonValueKind.Number:
            case "integer" when kind != JsonValueKind.Number || !value.AsValue().TryGetValue<long>(out _):
            case "array" when kind != JsonValueKind.Array:
            case "object" when kind != JsonValueKind.Object:
                found.Add($"{at}: {kind}, documented as {type}");
                return;
        }
        if (schema["enum"] is JsonArray values && kind == JsonValueKind.String
            && !values.Any(v => v?.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == value.GetValue<string>()))
            found.Add($"{at}: '{value}' is not one of the documented values");
        if (value is JsonArray items)
        {
            for (var i = 0; i < items.Count; i++) Check(items[i], schema["items"], $"{at}[{i}]", found, depth + 1);
            return;
        }
        if (value is not JsonObject fields || type is not ("object" or null)) return;
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        if (properties is null && additional is null) return;
        foreach (var (name, field) in fields)
        {
            if (properties?[name] is { } declared) Check(field, declared, $"{at}.{name}", found, depth + 1);
            else if (additional is JsonObject) Check(field, additional, $"{at}.{name}", found, depth + 1);
            else if (additional?.GetValueKind() != JsonValueKind.True) found.Add($"{at}.{name}: not documented");
        }
        foreach (var required in schema["required"] as JsonArray ?? [])
            if (!fields.ContainsKey(required!.GetValue<string>())) found.Add($"{at}.{required}: documented as required, absent");
    }

    /// <summary>A reference into the document's components followed to what it names.</summary>
    private JsonNode? Resolve(JsonNode? node)
    {
        for (var hops = 0; node?["$ref"]?.GetValue<string>() is { } reference && hops < 10; hops++)
            node = reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate((JsonNode?)document, (n, part) => n?[part]);
        return node;
    }
}
