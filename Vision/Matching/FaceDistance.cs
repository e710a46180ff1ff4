using Ledger.Vision.Embedding;

namespace Ledger.Vision.Matching;

/// <summary>Distances and scores between descriptors.</summary>
public static class FaceDistance
{
    /// <summary>Euclidean distance, the metric face_recognition was trained for (dlib's 0.6 rule).</summary>
    public static float Euclidean(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Descriptors differ in length: {a.Length} and {b.Length}.");
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            var d = a[i] - b[i];
            sum += d * d;
        }
        return (float)Math.Sqrt(sum);
    }

    /// <summary>
    /// 1 - cosine similarity, the comparison ArcFace-trained networks were trained for (their loss works on the
    /// angle between embeddings): 0 for the same direction, 1 for orthogonal, 2 for opposite.
    /// </summary>
    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
            throw new ArgumentException($"Descriptors differ in length: {a.Length} and {b.Length}.");
        double dot = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            aa += (double)a[i] * a[i];
            bb += (double)b[i] * b[i];
        }
        var norms = Math.Sqrt(aa * bb);
        return norms > 0 ? (float)(1 - dot / norms) : 1f;
    }

    /// <summary>Distance between two templates of the same model.</summary>
    /// <exception cref="ModelMismatchException">The templates come from different models.</exception>
    public static float Between(FaceTemplate a, FaceTemplate b, DistanceMetric metric = DistanceMetric.Euclidean)
    {
        ModelMismatchException.ThrowIfDifferent(a, b);
        return metric == DistanceMetric.Cosine ? Cosine(a.Descriptor, b.Descriptor) : Euclidean(a.Descriptor, b.Descriptor);
    }

    /// <summary>
    /// A similarity in (0, 1] that reads like a probability but is only a monotone map of the distance:
    /// 1 / (1 + (d / threshold)^4). It is 1 for identical descriptors, exactly 0.5 at the threshold and
    /// falls quickly past it (0.06 at twice the threshold), so "score >= 0.5" is the same decision as
    /// "distance &lt;= threshold".
    /// </summary>
    public static float Score(float distance, float threshold)
    {
        var r = distance / threshold;
        var r2 = r * r;
        return 1f / (1f + r2 * r2);
    }
}

/// <summary>How two descriptors of one model are compared (the model's manifest says which).</summary>
public enum DistanceMetric
{
    /// <summary>Euclidean distance (face_recognition, dlib's 0.6 rule).</summary>
    Euclidean,
    /// <summary>1 - cosine similarity (ArcFace-trained networks).</summary>
    Cosine,
}
