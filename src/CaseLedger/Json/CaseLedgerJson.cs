using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace CaseLedger.Json;

/// <summary>
/// The one JSON convention of CaseLedger, shared by the event store, the HTTP API and the CLI:
/// camelCase names, NodaTime values as ISO-8601 strings, enums as kebab-case strings.
/// </summary>
public static class CaseLedgerJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.DictionaryKeyPolicy = JsonNamingPolicy.CamelCase;
        // Marten adds an enum converter of its own (member names as written); ours decides the stored form too.
        foreach (var other in options.Converters.OfType<JsonStringEnumConverter>().ToList()) options.Converters.Remove(other);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false));
        options.ConfigureForNodaTime(DateTimeZoneProviders.Tzdb);
        return options;
    }

    /// <summary>For stored documents and events: tolerant of fields that later versions add.</summary>
    public static readonly JsonSerializerOptions Stored = Configure(new JsonSerializerOptions());

    /// <summary>
    /// For requests: a missing field that the command needs, or a null where none is allowed, is a
    /// validation failure, never a half-filled command. Nullable fields and fields with a default may
    /// be left out.
    /// </summary>
    public static readonly JsonSerializerOptions Requests = Configure(new JsonSerializerOptions
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { RequireWhatTheCommandNeeds } },
        RespectNullableAnnotations = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        AllowTrailingCommas = false,
    });

    private static void RequireWhatTheCommandNeeds(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object) return;
        foreach (var property in info.Properties)
        {
            if (property.AssociatedParameter is { } parameter)
                property.IsRequired = !parameter.HasDefaultValue && !parameter.IsNullable;
        }
    }

    /// <summary>For answers: indented is for people; integrators get the compact form.</summary>
    public static readonly JsonSerializerOptions Responses = Configure(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });
}
