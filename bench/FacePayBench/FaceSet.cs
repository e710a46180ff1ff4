namespace Ledger.Bench.FacePay;

/// <summary>The shared faces next to the repository (../shared/faces), read in place: crop 1 enrols, crops 2–5 pay.</summary>
internal sealed class FaceSet(string directory)
{
    public IReadOnlyList<string> People { get; } = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];

    public byte[] Enrolment(string person) => Crop(person, 1);

    /// <summary>Every (person, crop 2–5) capture, in a fixed order the load cycles through.</summary>
    public IReadOnlyList<(string Person, string Name, byte[] Bytes)> Captures() =>
        People.SelectMany(p => Enumerable.Range(2, 4).Select(n => (p, $"{p}/{n}", Crop(p, n)))).ToList();

    /// <summary>Crop <paramref name="n"/> of <paramref name="person"/>, as stored.</summary>
    public byte[] Photo(string person, int n) => Crop(person, n);

    private byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(directory, person, $"{n}.png"));
}
