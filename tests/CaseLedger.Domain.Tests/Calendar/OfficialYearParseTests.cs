using System.Text.Json.Nodes;
using CaseLedger.Domain.Calendar;
using static CaseLedger.Domain.Tests.Calendar.Dates;

namespace CaseLedger.Domain.Tests.Calendar;

public class when_an_official_year_is_uploaded
{
    private const string Valid = """
        {
          "year": 2025,
          "source": "国办发明电〔2024〕12号",
          "holidays": [ { "name": "Spring Festival", "from": "2025-01-28", "to": "2025-02-04" } ],
          "workingWeekendDays": [ "2025-01-26", "2025-02-08" ]
        }
        """;

    [Fact]
    public void a_valid_year_is_read()
    {
        var parsed = OfficialYear.Parse(Valid);

        Assert.True(parsed.IsValid, string.Join(" ", parsed.Problems));
        Assert.Null(parsed.Refusal);
        Assert.Equal(
            new OfficialYear(2025, "国办发明电〔2024〕12号",
                [new HolidayRange("Spring Festival", D("2025-01-28"), D("2025-02-04"))],
                [D("2025-01-26"), D("2025-02-08")]),
            parsed.Year);
    }

    [Fact]
    public void the_embedded_years_round_trip()
    {
        var years = HolidayCalendar.Official().OfficialYears;
        Assert.Equal([2025, 2026], years.Select(y => y.Year));

        foreach (var year in years)
        {
            var embedded = ReadEmbedded(year.Year);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(embedded), JsonNode.Parse(year.ToJson())));
            Assert.Equal(year, OfficialYear.Parse(year.ToJson()).Year);
        }
    }

    [Fact]
    public void the_written_json_keeps_the_notice_name_readable() =>
        Assert.Contains("国办发明电〔2024〕12号", OfficialYear.Parse(Valid).Year!.ToJson(), StringComparison.Ordinal);

    [Theory]
    [InlineData("\"2025-01-28\"", "Tuesday, not a Saturday or Sunday")]
    [InlineData("\"2025-02-01\"", "also a day off in \"Spring Festival\"")]
    [InlineData("\"2024-12-28\"", "2024-12-28 is outside 2025")]
    [InlineData("\"28/01/2025\"", "is not a yyyy-MM-dd date")]
    public void a_bad_working_weekend_day_is_refused(string day, string expected)
    {
        var parsed = OfficialYear.Parse(Valid.Replace("\"2025-02-08\"", day, StringComparison.Ordinal));

        AssertRefused(parsed, expected);
    }

    [Theory]
    [InlineData("\"to\": \"2025-02-04\"", "\"to\": \"2026-02-04\"", "holidays[0].to: 2026-02-04 is outside 2025")]
    [InlineData("\"to\": \"2025-02-04\"", "\"to\": \"2025-01-27\"", "ends 2025-01-27 before it starts 2025-01-28")]
    [InlineData("\"source\": \"国办发明电〔2024〕12号\",", "", "\"source\"")]
    [InlineData("\"year\": 2025,", "\"year\": 2025, \"years\": 1,", "years")]
    [InlineData("\"workingWeekendDays\": [", "\"workingWeekendDays\": [ \"2025-01-26\",", "2025-01-26 is listed twice")]
    public void a_bad_field_is_refused(string from, string to, string expected) =>
        AssertRefused(OfficialYear.Parse(Valid.Replace(from, to, StringComparison.Ordinal)), expected);

    [Fact]
    public void overlapping_holidays_are_refused() =>
        AssertRefused(
            OfficialYear.Parse("""
                {"year":2025,"source":"s","holidays":[
                  {"name":"A","from":"2025-01-01","to":"2025-01-03"},
                  {"name":"B","from":"2025-01-03","to":"2025-01-04"}],"workingWeekendDays":[]}
                """),
            "\"A\" and \"B\" overlap");

    [Theory]
    [InlineData("{\"year\": 2025, ")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("")]
    public void malformed_json_is_refused(string json) => AssertRefused(OfficialYear.Parse(json), "Malformed JSON");

    [Fact]
    public void every_problem_is_reported_at_once()
    {
        var parsed = OfficialYear.Parse("""
            {"year":2025,"source":"s","holidays":[{"name":"A","from":"2025-03-01","to":"2024-03-01"}],
             "workingWeekendDays":["2025-03-04","2026-03-07"]}
            """);

        Assert.Equal(3, parsed.Problems.Count);
    }

    [Fact]
    public void a_calendar_refuses_an_invalid_year_built_in_code()
    {
        var invalid = new OfficialYear(2025, "s", [], [D("2025-01-28")]);

        var thrown = Assert.Throws<ArgumentException>(() => HolidayCalendar.Official().WithYear(invalid));
        Assert.Contains("Tuesday", thrown.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(OfficialYearParse parsed, string expected)
    {
        Assert.False(parsed.IsValid);
        Assert.Equal(RefusalCodes.ValidationFailed, parsed.Refusal?.Code);
        Assert.Contains(parsed.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    private static string ReadEmbedded(int year)
    {
        var assembly = typeof(HolidayCalendar).Assembly;
        using var stream = assembly.GetManifestResourceStream($"CaseLedger.Domain.Calendar.Data.{year}.json")
            ?? throw new InvalidOperationException($"No embedded calendar for {year}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
