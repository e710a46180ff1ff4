namespace Ledger.Api.Http;

/// <summary>
/// A multipart form read by a handler must say one thing: every field once, one file part under the expected name. The
/// form reader keeps every repetition (a field's values joined by commas, the first of two files), so a repeated part is
/// refused here rather than silently resolved.
/// </summary>
public static class MultipartForms
{
    /// <exception cref="AmbiguousForm">A field or a file part is repeated, or a file part has another name.</exception>
    public static void EnsureUnambiguous(IFormCollection form, string fileField)
    {
        foreach (var (name, values) in form)
            if (values.Count > 1)
                throw new AmbiguousForm(name, $"The field '{name}' is given {values.Count} times; send it once.");
        foreach (var group in form.Files.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (!string.Equals(group.Key, fileField, StringComparison.OrdinalIgnoreCase))
                throw new AmbiguousForm(group.Key, $"Only one file part is taken, '{fileField}'; '{group.Key}' is not one.");
            if (group.Count() > 1)
                throw new AmbiguousForm(fileField, $"The file part '{fileField}' is given {group.Count()} times; send one.");
        }
        if (form.Keys.FirstOrDefault(k => string.Equals(k, fileField, StringComparison.OrdinalIgnoreCase)) is { } both && form.Files.Count > 0)
            throw new AmbiguousForm(both, $"'{fileField}' is given as a field and as a file part; send the file part only.");
    }
}

/// <summary>A multipart form that says two things at once (400 <c>ambiguous-form</c>, naming the field).</summary>
public sealed class AmbiguousForm(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
