using System.Globalization;
using System.Text.RegularExpressions;
using CaseLedger.Domain.Penalty;

namespace CaseLedger.Domain.Publicity;

/// <summary>
/// Personal data in published decisions (国办发〔2018〕118号; 个人信息保护法 Art. 28: identity numbers are sensitive): a citizen's
/// name shows its first character only (张伟 → 张*), an identity number hides the date of birth and everything after the
/// region code but the last digit, and free text is searched for the citizen's name and for anything shaped like an
/// identity or mobile number. An organisation's name and code are published as they are.
/// </summary>
public static partial class Masking
{
    public const char Mask = '*';

    /// <summary>The first character (one text element, so a surrogate pair stays whole) and one mask: the length is not shown either.</summary>
    public static string Name(string? name)
    {
        var trimmed = name?.Trim() ?? "";
        if (trimmed.Length == 0) return Mask.ToString();
        return StringInfo.GetNextTextElement(trimmed) + Mask;
    }

    /// <summary>An 18-digit number keeps its 6-digit region code and its check digit; anything shorter keeps one character at each end at most.</summary>
    public static string IdNumber(string? id)
    {
        var trimmed = id?.Trim() ?? "";
        if (trimmed.Length == 0) return "";
        var keepStart = trimmed.Length >= 15 ? 6 : trimmed.Length >= 6 ? 1 : 0;
        var keepEnd = trimmed.Length >= 6 ? 1 : 0;
        return trimmed[..keepStart] + new string(Mask, trimmed.Length - keepStart - keepEnd) + trimmed[(trimmed.Length - keepEnd)..];
    }

    /// <summary>What the public sees of the party.</summary>
    public static (string Name, string? IdNumber) Party(Party party) => party.Kind == PartyKind.Organisation
        ? (party.Name?.Trim() ?? "", string.IsNullOrWhiteSpace(party.IdNumber) ? null : party.IdNumber.Trim())
        : (Name(party.Name), string.IsNullOrWhiteSpace(party.IdNumber) ? null : IdNumber(party.IdNumber));

    /// <summary>Free text with a citizen party's name, identity numbers and mobile numbers masked.</summary>
    public static string Text(string? text, Party party)
    {
        var masked = text ?? "";
        if (party.Kind == PartyKind.Citizen && party.Name?.Trim() is { Length: > 0 } name)
            masked = masked.Replace(name, Name(name), StringComparison.OrdinalIgnoreCase);
        if (party.IdNumber?.Trim() is { Length: > 0 } id && party.Kind == PartyKind.Citizen)
            masked = masked.Replace(id, IdNumber(id), StringComparison.OrdinalIgnoreCase);
        masked = IdShaped().Replace(masked, m => IdNumber(m.Value));
        return Mobile().Replace(masked, m => m.Value[..3] + new string(Mask, 4) + m.Value[7..]);
    }

    [GeneratedRegex(@"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")]
    private static partial Regex IdShaped();

    [GeneratedRegex(@"(?<!\d)1[3-9]\d{9}(?!\d)")]
    private static partial Regex Mobile();
}
