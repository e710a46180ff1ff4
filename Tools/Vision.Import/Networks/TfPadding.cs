namespace Ledger.Vision.Import.Networks;

/// <summary>How a TensorFlow.js op pads its input.</summary>
internal enum TfPadding
{
    /// <summary>No padding.</summary>
    Valid,

    /// <summary>TF 'same': total padding split with the odd pixel at the end (ONNX SAME_UPPER).</summary>
    Same,

    /// <summary>An explicit <c>tf.pad</c> of one zero pixel on every side before a 'valid' op.</summary>
    OnePixel,
}
