using System.Text;

namespace Pulse.Sdk.Service.Tests.Support;

/// <summary>An RFC 4180 reader written apart from the service's writer, to parse its exports back: rows of fields, CRLF between rows.</summary>
internal static class CsvReader
{
    /// <summary>The rows of <paramref name="csv"/>; a quoted field may hold commas, doubled quotes and line breaks.</summary>
    public static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < csv.Length && csv[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.False(quoted, "the CSV ends inside a quoted field");
        Assert.True(row.Count == 0 && field.Length == 0, "the CSV's last row has no CRLF");
        return rows;
    }

    /// <summary>The rows after the header as dictionaries by column name.</summary>
    public static List<Dictionary<string, string>> Records(string csv)
    {
        var rows = Parse(csv);
        Assert.NotEmpty(rows);
        var header = rows[0];
        foreach (var r in rows.Skip(1)) Assert.Equal(header.Count, r.Count);
        return [.. rows.Skip(1).Select(r => header.Zip(r).ToDictionary(p => p.First, p => p.Second))];
    }
}
