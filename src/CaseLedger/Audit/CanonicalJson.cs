using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace CaseLedger.Audit;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): object members sorted by the UTF-16 code units of their
/// names, no whitespace, strings with the minimal JSON escapes, numbers in ECMAScript's shortest
/// round-trip form of the IEEE-754 double. Whoever parses the same JSON value gets the same bytes,
/// whatever order or spacing the database returned it in.
/// </summary>
/// <remarks>
/// One pass of <see cref="Utf8JsonReader"/> over the UTF-8 text writes the canonical bytes; an object's
/// members are written as they come and then put in order in place, so nothing is parsed twice and no
/// tree is built. The hash chain runs this for every event it writes or verifies.
/// Why one file of this size (about 500 lines): RFC 8785 is one algorithm whose parts (the reader loop, member ordering in
/// place, string escapes, the shortest double) share the one output buffer; no served package implements JCS on
/// System.Text.Json's reader, and split across files the single pass would no longer read as one.
/// </remarks>
public static class CanonicalJson
{
    /// <summary>The nesting a value may have, as <see cref="JsonDocument"/> allows by default.</summary>
    public const int MaxDepth = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Canonicalize(string json)
    {
        var output = Utf8Buffer.Rent();
        try
        {
            Append(output, json, MaxDepth);
            return output.Written.ToArray();
        }
        finally
        {
            Utf8Buffer.Return(output);
        }
    }

    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        var output = Utf8Buffer.Rent();
        try
        {
            Append(output, utf8Json, MaxDepth);
            return output.Written.ToArray();
        }
        finally
        {
            Utf8Buffer.Return(output);
        }
    }

    /// <summary>Appends the canonical form of JSON text given as a string; text that is not valid UTF-16 is refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Append(Utf8Buffer output, string json, int maxDepth)
    {
        var utf8 = Utf8Buffer.Rent();
        try
        {
            var span = utf8.GetSpan(StrictUtf8.GetMaxByteCount(json.Length));
            var length = StrictUtf8.GetBytes(json, span);
            Append(output, span[..length], maxDepth);
        }
        catch (EncoderFallbackException ex)
        {
            throw new ArgumentException("Cannot transcode invalid UTF-16 string to UTF-8 JSON text.", nameof(json), ex);
        }
        finally
        {
            Utf8Buffer.Return(utf8);
        }
    }

    /// <summary>Appends the canonical form of one JSON value given as UTF-8 text.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Append(Utf8Buffer output, ReadOnlySpan<byte> utf8Json, int maxDepth)
    {
        if (!Utf8.IsValid(utf8Json))
            throw new ArgumentException("The JSON text is not valid UTF-8.", nameof(utf8Json));
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = maxDepth });
        if (!reader.Read()) throw new JsonException("The input holds no JSON value.");
        var names = Members.Rent();
        try
        {
            WriteValue(ref reader, output, names);
        }
        finally
        {
            Members.Return(names);
        }
        // The reader refuses anything but whitespace after the value.
        while (reader.Read()) { }
    }

    /// <summary>Appends a string value: quoted, with only the escapes RFC 8785 requires. Lone surrogates become U+FFFD.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AppendString(Utf8Buffer output, string text)
    {
        var utf8 = Utf8Buffer.Rent();
        try
        {
            var span = utf8.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
            Utf8.FromUtf16(text, span, out _, out var written, replaceInvalidSequences: true);
            WriteEscaped(output, span[..written]);
        }
        finally
        {
            Utf8Buffer.Return(utf8);
        }
    }

    /// <summary>Appends an integer as JSON number, through a double as JCS does (exact up to 2^53).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AppendNumber(Utf8Buffer output, long value)
    {
        const long exact = 1L << 53;
        if (value is > -exact and < exact)
        {
            value.TryFormat(output.GetSpan(20), out var written, default, CultureInfo.InvariantCulture);
            output.Advance(written);
        }
        else
        {
            output.AppendAscii(Number(value));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteValue(ref Utf8JsonReader reader, Utf8Buffer output, Members members)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output, members);
                break;
            case JsonTokenType.StartArray:
                output.Append((byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) output.Append((byte)',');
                    first = false;
                    WriteValue(ref reader, output, members);
                }
                output.Append((byte)']');
                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped)
                {
                    var start = members.Names.Length;
                    var name = members.Names.Unescape(ref reader);
                    WriteEscaped(output, name);
                    members.Names.Length = start;
                }
                else
                {
                    WriteQuoted(output, reader.ValueSpan);
                }
                break;
            case JsonTokenType.Number:
                WriteNumber(ref reader, output);
                break;
            case JsonTokenType.True:
                output.Append("true"u8);
                break;
            case JsonTokenType.False:
                output.Append("false"u8);
                break;
            case JsonTokenType.Null:
                output.Append("null"u8);
                break;
            default:
                throw new JsonException($"Not a JSON value: {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Writes the members as they come, remembering where each starts and its unescaped name; then, unless
    /// they came sorted, copies them back in the order of their names' UTF-16 code units (stable: duplicate
    /// names keep their order).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteObject(ref Utf8JsonReader reader, Utf8Buffer output, Members members)
    {
        output.Append((byte)'{');
        var bodyStart = output.Length;
        var firstMember = members.Count;
        var namesStart = members.Names.Length;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (members.Count > firstMember) output.Append((byte)',');
            var memberStart = output.Length;
            var nameStart = members.Names.Length;
            ReadOnlySpan<byte> name;
            if (reader.ValueIsEscaped)
            {
                name = members.Names.Unescape(ref reader);
                WriteEscaped(output, name);
            }
            else
            {
                name = members.Names.Append(reader.ValueSpan);
                WriteQuoted(output, name);
            }
            output.Append((byte)':');
            reader.Read();
            WriteValue(ref reader, output, members);
            members.Add(new Member(nameStart, name.Length, memberStart, output.Length - memberStart));
        }

        var count = members.Count - firstMember;
        if (count > 1)
        {
            var all = members.Span(firstMember, count);
            var names = members.Names.Written;
            if (!IsSorted(all, names)) Reorder(output, bodyStart, all, names);
        }
        members.Count = firstMember;
        members.Names.Length = namesStart;
        output.Append((byte)'}');
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsSorted(ReadOnlySpan<Member> all, ReadOnlySpan<byte> names)
    {
        for (var i = 1; i < all.Length; i++)
            if (CompareNames(all[i - 1].Name(names), all[i].Name(names)) > 0) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Reorder(Utf8Buffer output, int bodyStart, Span<Member> all, ReadOnlySpan<byte> names)
    {
        if (all.Length <= 32)
        {
            // Insertion sort: stable, and the fastest for the handful of members an event has.
            for (var i = 1; i < all.Length; i++)
            {
                var member = all[i];
                var j = i - 1;
                while (j >= 0 && CompareNames(all[j].Name(names), member.Name(names)) > 0)
                {
                    all[j + 1] = all[j];
                    j--;
                }
                all[j + 1] = member;
            }
        }
        else
        {
            var copy = names.ToArray();
            all.Sort((a, b) => CompareNames(a.Name(copy), b.Name(copy)) is var c && c != 0 ? c : a.Start.CompareTo(b.Start));
        }

        var bodyLength = output.Length - bodyStart;
        var body = ArrayPool<byte>.Shared.Rent(bodyLength);
        try
        {
            output.Written.Slice(bodyStart, bodyLength).CopyTo(body);
            var target = output.Written[bodyStart..];
            var at = 0;
            for (var i = 0; i < all.Length; i++)
            {
                if (i > 0) target[at++] = (byte)',';
                body.AsSpan(all[i].Start - bodyStart, all[i].Length).CopyTo(target[at..]);
                at += all[i].Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }

    /// <summary>
    /// Orders unescaped UTF-8 names as RFC 8785 §3.2.3 orders their UTF-16 code units. UTF-8 bytes sort by
    /// code point, which agrees with UTF-16 except that U+10000 and above (surrogates D800–DBFF in UTF-16)
    /// come before U+E000–U+FFFF: lead bytes F0–F4 against EE–EF at the first difference.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int CompareNames(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var i = a.CommonPrefixLength(b);
        if (i == a.Length || i == b.Length) return a.Length - b.Length;
        int x = a[i], y = b[i];
        if (x >= 0xEE && y >= 0xEE && (x >= 0xF0) != (y >= 0xF0)) return x >= 0xF0 ? -1 : 1;
        return x - y;
    }

    /// <summary>A string or name the reader found without escapes: it holds no quote, backslash or control character, so its bytes are canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteQuoted(Utf8Buffer output, ReadOnlySpan<byte> raw)
    {
        var span = output.GetSpan(raw.Length + 2);
        span[0] = (byte)'"';
        raw.CopyTo(span[1..]);
        span[raw.Length + 1] = (byte)'"';
        output.Advance(raw.Length + 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteEscaped(Utf8Buffer output, ReadOnlySpan<byte> text)
    {
        output.Append((byte)'"');
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (b >= 0x20 && b != '"' && b != '\\') continue;
            output.Append(text[run..i]);
            run = i + 1;
            switch (b)
            {
                case (byte)'"': output.Append("\\\""u8); break;
                case (byte)'\\': output.Append("\\\\"u8); break;
                case (byte)'\b': output.Append("\\b"u8); break;
                case (byte)'\f': output.Append("\\f"u8); break;
                case (byte)'\n': output.Append("\\n"u8); break;
                case (byte)'\r': output.Append("\\r"u8); break;
                case (byte)'\t': output.Append("\\t"u8); break;
                default:
                    output.Append("\\u00"u8);
                    output.Append((byte)"0123456789abcdef"[b >> 4]);
                    output.Append((byte)"0123456789abcdef"[b & 0xF]);
                    break;
            }
        }
        output.Append(text[run..]);
        output.Append((byte)'"');
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteNumber(ref Utf8JsonReader reader, Utf8Buffer output)
    {
        // An integer of up to 15 digits is exact as a double and ECMAScript prints it as written
        // (JSON allows no leading zeros); only "-0" becomes "0".
        var raw = reader.ValueSpan;
        var digits = raw.Length > 0 && raw[0] == '-' ? raw[1..] : raw;
        if (digits.Length is > 0 and <= 15 && AllDigits(digits))
            output.Append(digits is [(byte)'0'] ? digits : raw);
        else
            output.AppendAscii(Number(reader.GetDouble()));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AllDigits(ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
            if (b is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    /// <summary>ECMAScript Number::toString (ECMA-262 §6.1.6.1.20), which RFC 8785 §3.2.2.3 prescribes.</summary>
    public static string Number(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new ArgumentException("NaN and infinities have no JSON form.", nameof(value));
        if (value == 0) return "0";
        if (value < 0) return "-" + Number(-value);

        // .NET's "R" is the shortest string that round-trips: take its digits and decimal exponent.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = shortest.IndexOfAny(['E', 'e']);
        var mantissa = exponentAt < 0 ? shortest : shortest[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(shortest[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.TrimStart('0');
        n -= leading;
        digits = digits.TrimEnd('0');
        var k = digits.Length;

        if (k <= n && n <= 21) return digits + new string('0', n - k);
        if (0 < n && n <= 21) return digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
        var e = n - 1;
        var sign = e < 0 ? "-" : "+";
        var magnitude = Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? $"{digits}e{sign}{magnitude}" : $"{digits[0]}.{digits[1..]}e{sign}{magnitude}";
    }

    private readonly record struct Member(int NameStart, int NameLength, int Start, int Length)
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ReadOnlySpan<byte> Name(ReadOnlySpan<byte> names) => names.Slice(NameStart, NameLength);
    }

    /// <summary>The members of the objects open on the way down, and their unescaped names: a stack reused per thread.</summary>
    private sealed class Members
    {
        [ThreadStatic] private static Members? _cached;

        private Member[] _items = new Member[64];

        public int Count { get; set; }

        public Utf8Buffer Names { get; } = new(256);

        public static Members Rent()
        {
            var members = _cached ?? new Members();
            _cached = null;
            return members;
        }

        public static void Return(Members members)
        {
            members.Count = 0;
            members.Names.Length = 0;
            if (members._items.Length <= 4096 && members.Names.Capacity <= Utf8Buffer.KeptCapacity) _cached = members;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Member member)
        {
            if (Count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
            _items[Count++] = member;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Span<Member> Span(int start, int length) => _items.AsSpan(start, length);
    }
}

/// <summary>A growable byte buffer whose written bytes may be rewritten in place; one kept per thread for reuse.</summary>
internal sealed class Utf8Buffer(int capacity)
{
    /// <summary>Buffers that grew beyond this are left to the garbage collector rather than kept.</summary>
    public const int KeptCapacity = 1 << 20;

    [ThreadStatic] private static Utf8Buffer? _cachedFirst;
    [ThreadStatic] private static Utf8Buffer? _cachedSecond;

    private byte[] _bytes = new byte[capacity];

    public int Length { get; set; }

    public int Capacity => _bytes.Length;

    public Span<byte> Written => _bytes.AsSpan(0, Length);

    public static Utf8Buffer Rent()
    {
        if (_cachedFirst is { } first)
        {
            _cachedFirst = null;
            return first;
        }
        if (_cachedSecond is { } second)
        {
            _cachedSecond = null;
            return second;
        }
        return new Utf8Buffer(4096);
    }

    public static void Return(Utf8Buffer buffer)
    {
        buffer.Length = 0;
        if (buffer.Capacity > KeptCapacity) return;
        if (_cachedFirst is null) _cachedFirst = buffer;
        else _cachedSecond ??= buffer;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int size)
    {
        if (_bytes.Length - Length < size) Grow(size);
        return _bytes.AsSpan(Length);
    }

    private void Grow(int size) => Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, Length + size));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Advance(int count) => Length += count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(byte value)
    {
        if (Length == _bytes.Length) Grow(1);
        _bytes[Length++] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Append(ReadOnlySpan<byte> bytes)
    {
        var start = Length;
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
        return _bytes.AsSpan(start, bytes.Length);
    }

    public void AppendAscii(string text)
    {
        var span = GetSpan(text.Length);
        for (var i = 0; i < text.Length; i++) span[i] = (byte)text[i];
        Length += text.Length;
    }

    /// <summary>Appends the unescaped UTF-8 of the reader's current string or property name; refuses invalid UTF-16 escapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Unescape(scoped ref Utf8JsonReader reader)
    {
        var start = Length;
        var written = reader.CopyString(GetSpan(reader.ValueSpan.Length));
        Length += written;
        return _bytes.AsSpan(start, written);
    }
}
