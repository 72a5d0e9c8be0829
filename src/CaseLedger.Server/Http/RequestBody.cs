using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Domain;
using Microsoft.AspNetCore.Http;

namespace CaseLedger.Server.Http;

/// <summary>
/// What a request may hold, checked in one place before any command sees it (docs/limits.md is the table):
/// JSON only, one object, each name once, no null inside a list, no control character, and no text longer than
/// its field's maximum. The size of the whole body is bounded by Kestrel
/// (<see cref="Hosting.CaseLedgerSettings.MaxRequestBodyBytes"/>, 413 payload-too-large).
/// </summary>
public static class RequestBody
{
    /// <summary>Free text that tells what happened or why: descriptions, reasons, facts, opinions.</summary>
    public const int NarrativeLength = 10_000;

    /// <summary>Every other text: names, numbers, ids, places, sources, hashes, dates.</summary>
    public const int ShortLength = 500;

    public const int UrlLength = 2_048;
    public const int SecretLength = 256;
    public const int IdempotencyKeyLength = 200;

    /// <summary>The fields (by JSON name, wherever they appear in a body) that hold narrative text.</summary>
    public static readonly IReadOnlySet<string> NarrativeFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "description", "reason", "reasons", "facts", "opinion", "request", "resolution", "ground", "grounds", "statement",
        "summary", "content", "note", "notes", "findings", "remarks", "lateReason",
    };

    private static readonly JsonDocumentOptions Parsing = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

    /// <summary>The body as a JSON object, or the problem that refuses it (415 not JSON, 400 anything malformed, 413 too large).</summary>
    public static async Task<(JsonObject? Fields, IResult? Problem)> ReadObjectAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType())
            return (null, Problems.Protocol(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type",
                "Send the body as application/json.", context.Request.Path));
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, documentOptions: Parsing, cancellationToken: context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a name that escapes half a surrogate pair, met while looking for duplicate names.
            return (null, Invalid(context, $"The body is not valid JSON: {e.Message}"));
        }
        if (body is not JsonObject fields)
            return (null, Invalid(context, "The body must be a JSON object."));
        try
        {
            return Refusal(fields, "$") is { } refusal ? (null, Invalid(context, refusal)) : (fields, null);
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json refuses to read a name or a text that escapes half a surrogate pair.
            return (null, Invalid(context, $"The body holds text that is not valid Unicode: {e.Message}"));
        }
    }

    /// <summary>The maximum length of a text field named <paramref name="field"/>.</summary>
    public static int MaxLengthOf(string field) => field switch
    {
        "url" => UrlLength,
        "secret" => SecretLength,
        _ when NarrativeFields.Contains(field) => NarrativeLength,
        _ => ShortLength,
    };

    /// <summary>Why a text may not be stored (a control character other than tab and line breaks, or half a surrogate pair), or null.</summary>
    public static string? ForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r'))
                return $"control character U+{(int)c:X4} at position {i}";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (char.IsSurrogate(c)) return $"an unpaired surrogate U+{(int)c:X4} at position {i}";
        }
        return null;
    }

    /// <summary>Why the path, the query or the Idempotency-Key may not be used (a control character, or too long), or null.</summary>
    public static string? ForbiddenInAddress(HttpRequest request)
    {
        if (ForbiddenCharacter(request.Path.Value ?? "") is { } inPath) return $"The path holds {inPath}.";
        foreach (var (name, values) in request.Query)
        {
            foreach (var value in values)
            {
                if (ForbiddenCharacter(name + value) is { } inQuery) return $"The query value {name} holds {inQuery}.";
                if ((value?.Length ?? 0) > ShortLength) return $"The query value {name} is longer than {ShortLength} characters.";
            }
        }
        var key = request.Headers[CommandEndpoint.IdempotencyKeyHeader].ToString();
        if (key.Length > IdempotencyKeyLength) return $"{CommandEndpoint.IdempotencyKeyHeader} takes at most {IdempotencyKeyLength} characters.";
        return ForbiddenCharacter(key) is { } inKey ? $"{CommandEndpoint.IdempotencyKeyHeader} holds {inKey}." : null;
    }

    private static string? Refusal(JsonNode? node, string path, string field = "")
    {
        switch (node)
        {
            case JsonObject fields:
                foreach (var (name, value) in fields)
                {
                    if (ForbiddenCharacter(name) is { } badName) return $"A field name at {path} holds {badName}.";
                    if (Refusal(value, $"{path}.{name}", name) is { } refusal) return refusal;
                }
                return null;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    if (items[i] is null) return $"{path}[{i}] is null; a list holds no nulls.";
                    if (Refusal(items[i], $"{path}[{i}]", field) is { } refusal) return refusal;
                }
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (ForbiddenCharacter(text) is { } bad) return $"{path} holds {bad}.";
                var max = MaxLengthOf(field);
                return text.Length > max ? $"{path} is {text.Length} characters long; {field} takes at most {max} (docs/limits.md)." : null;
            default:
                return null;
        }
    }

    private static IResult Invalid(HttpContext context, string detail) =>
        Problems.Of(RefusalCodes.ValidationFailed, detail, context.Request.Path);
}
