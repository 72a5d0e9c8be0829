using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaseLedger.Audit;

namespace CaseLedger.Tests.Audit;

/// <summary>RFC 8785 (JCS): the examples and number test vectors of the RFC itself, and the cases a one-pass canonicaliser can get wrong.</summary>
public class when_canonicalizing_json
{
    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void numbers_follow_the_rfc_8785_appendix_b_vectors(ulong bits, string expected) =>
        Assert.Equal(expected, CanonicalJson.Number(BitConverter.UInt64BitsToDouble(bits)));

    [Fact]
    public void the_rfc_8785_example_canonicalizes_to_its_published_form()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(CanonicalJson.Canonicalize(input)));
    }

    [Fact]
    public void members_are_sorted_by_utf16_code_units()
    {
        const string input = """{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew","1":"One","\ud83d\ude00":"Emoji","\u0080":"Control","\u00f6":"o"}""";
        var output = Encoding.UTF8.GetString(CanonicalJson.Canonicalize(input));
        Assert.Equal("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"o\",\"€\":\"Euro Sign\",\"😀\":\"Emoji\",\"\ufb33\":\"Hebrew\"}", output);
    }

    [Fact]
    public void the_database_s_spelling_of_a_value_does_not_change_its_bytes()
    {
        var fromSerializer = CanonicalJson.Canonicalize("""{"amount":120000,"caseId":"c-1","paidOn":"2026-09-25"}""");
        var fromJsonb = CanonicalJson.Canonicalize("""{"caseId": "c-1", "amount": 120000.00, "paidOn": "2026-09-25"}""");
        Assert.Equal(fromSerializer, fromJsonb);
    }

    private static string Jcs(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(json));

    [Fact]
    public void names_beyond_the_basic_plane_sort_before_u_e000_to_u_ffff_as_utf16_code_units_do()
    {
        // UTF-8 (code point) order would put 😀 (U+1F600) and 𠀀 (U+20000) last; as UTF-16 they start with D83D and D840.
        const string input = """{"\uff01":1,"😀":2,"\ue000":3,"𠀀":4,"案":5,"名":6,"a":7,"\u00e9":8}""";
        Assert.Equal("""{"a":7,"é":8,"名":6,"案":5,"😀":2,"𠀀":4,"\ue000":3,"！":1}""".Replace("\\ue000", "\ue000", StringComparison.Ordinal), Jcs(input));
    }

    [Fact]
    public void names_are_sorted_by_their_unescaped_form_and_written_with_the_minimal_escapes()
    {
        Assert.Equal("""{"\"":4,"/":3,"A":2,"\\":5,"a":1}""", Jcs("""{"\u0061":1,"A":2,"\/":3,"\u0022":4,"\\":5}"""));
        Assert.Equal("""{"\n":2,"b":1}""", Jcs("""{"b":1,"\u000A":2}"""));
    }

    [Fact]
    public void strings_escape_only_quote_backslash_and_control_characters()
    {
        const string input = """["\u0000\u0001\u001f\b\t\n\f\r\"\\", "\u007f\u2028\u00e9\u6848\ud83d\ude00\/", "plain 案 é"]""";
        var expected = "[\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\\",\"\u007f\u2028é案😀/\",\"plain 案 é\"]";
        Assert.Equal(expected, Jcs(input));
    }

    [Theory]
    [InlineData("0", "0")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("7", "7")]
    [InlineData("-42", "-42")]
    [InlineData("120000.00", "120000")]
    [InlineData("120000.50", "120000.5")]
    [InlineData("0.00", "0")]
    [InlineData("1E2", "100")]
    [InlineData("1e30", "1e+30")]
    [InlineData("0.002", "0.002")]
    [InlineData("999999999999999", "999999999999999")]
    [InlineData("-999999999999999", "-999999999999999")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("12345678901234567890", "12345678901234567000")]
    [InlineData("100e-2", "1")]
    public void numbers_are_written_as_ecmascript_writes_their_double(string input, string expected)
    {
        Assert.Equal(expected, Jcs(input));
        Assert.Equal(expected, Jcs($"[{input}]")[1..^1]);
    }

    [Fact]
    public void nested_objects_are_sorted_at_every_level_and_arrays_keep_their_order()
    {
        const string input = """{"z": [{"b": 1, "a": {"d": [3, 2], "c": null}}, {"y": true, "x": false}], "a": {}, "m": []}""";
        Assert.Equal("""{"a":{},"m":[],"z":[{"a":{"c":null,"d":[3,2]},"b":1},{"x":false,"y":true}]}""", Jcs(input));
    }

    [Fact]
    public void duplicate_names_keep_the_order_they_came_in()
    {
        Assert.Equal("""{"a":2,"b":1,"b":0}""", Jcs("""{"b":1,"a":2,"b":0}"""));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a":1} x""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("NaN")]
    [InlineData("1e400")]
    [InlineData("\"\\ud800\"")]
    [InlineData("\"\\udc00\\ud800\"")]
    public void what_is_not_one_json_value_of_finite_numbers_and_whole_characters_is_refused(string input)
    {
        var thrown = Record.Exception(() => CanonicalJson.Canonicalize(input));
        Assert.True(thrown is JsonException or ArgumentException or InvalidOperationException, thrown?.ToString() ?? "nothing thrown");
    }

    [Fact]
    public void invalid_utf8_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CanonicalJson.Canonicalize([(byte)'"', 0xC3, (byte)'"']));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Canonicalize([(byte)'"', 0xED, 0xA0, 0x80, (byte)'"']));
    }

    [Fact]
    public void deep_values_fail_as_the_reader_does_rather_than_overflow()
    {
        Assert.Equal(new string('[', 64) + new string(']', 64), Jcs(new string('[', 64) + new string(']', 64)));
        Assert.ThrowsAny<JsonException>(() => Jcs(new string('[', 65) + new string(']', 65)));
    }

    /// <summary>
    /// Random documents against the plain reading of RFC 8785 (parse to a tree, sort names as .NET strings
    /// ordinally, which is by UTF-16 code units, and print): the one-pass canonicaliser must agree byte for byte,
    /// whatever spelling, spacing, escaping and member order the input has.
    /// </summary>
    [Fact]
    public void random_documents_canonicalize_as_the_tree_reading_of_the_rfc_does()
    {
        var random = new Random(8785);
        for (var i = 0; i < 3000; i++)
        {
            var value = RandomValue(random, 0);
            var compact = value?.ToJsonString(Spelled) ?? "null";
            var expected = TreeJcs(JsonNode.Parse(compact));
            Assert.Equal(expected, Jcs(compact));
            Assert.Equal(expected, Jcs(when_canonicalizing_stored_events.Jsonb(JsonNode.Parse(compact))));
            Assert.Equal(expected, Jcs(JsonNode.Parse(compact)?.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) ?? "null"));
        }
    }

    [Fact]
    public void the_name_order_is_the_ordinal_order_of_dotnet_strings_for_any_characters()
    {
        var random = new Random(3);
        for (var i = 0; i < 20000; i++)
        {
            var a = RandomText(random, 4);
            var b = random.Next(3) == 0 ? a + RandomText(random, 2) : RandomText(random, 4);
            if (a == b) continue;
            var (first, second) = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
            var json = "{" + JsonSerializer.Serialize(second) + ":2," + JsonSerializer.Serialize(first) + ":1}";
            Assert.Equal("{" + TreeString(first) + ":1," + TreeString(second) + ":2}", Jcs(json));
        }
    }

    private static readonly JsonSerializerOptions Spelled = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default };

    private static string TreeJcs(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => TreeString(p.Key) + ":" + TreeJcs(p.Value))) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(TreeJcs)) + "]",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => TreeString(v.GetValue<string>()),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => CanonicalJson.Number(v.GetValue<double>()),
        _ => node.ToJsonString(),
    };

    private static string TreeString(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\b' => "\\b",
                '\f' => "\\f",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => c.ToString(),
            });
        }
        return builder.Append('"').ToString();
    }

    private static readonly string[] Characters =
        ["a", "b", "z", "A", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "\u001f", "\u007f", "é", "ö", "案", "名", "\u2028", "€",
         "\ue000", "\uff01", "\ufb33", "😀", "𠀀", "\U0010FFFF"];

    private static string RandomText(Random random, int maxLength) =>
        string.Concat(Enumerable.Range(0, random.Next(maxLength + 1)).Select(_ => Characters[random.Next(Characters.Length)]));

    private static readonly string[] Numbers =
        ["0", "-0", "1", "-1", "7", "42", "120000", "120000.5", "120000.50", "0.002", "1e30", "1E-7", "-3.25", "999999999999999",
         "9007199254740993", "123456789012345678", "1.5e300", "5e-324", "0.1", "100e-2", "3000.00"];

    private static JsonNode? RandomValue(Random random, int depth)
    {
        switch (random.Next(depth > 3 ? 5 : 8))
        {
            case 0: return null;
            case 1: return JsonValue.Create(random.Next(2) == 0);
            case 2: return JsonValue.Create(RandomText(random, 6));
            case 3:
            case 4: return JsonNode.Parse(Numbers[random.Next(Numbers.Length)]);
            case 5: return new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))]);
            default:
                var o = new JsonObject();
                for (var i = random.Next(7); i > 0; i--) o[RandomText(random, 3)] = RandomValue(random, depth + 1);
                return o;
        }
    }
}
