using System.Numerics;

namespace Ledger.Vision.Tests.Accuracy;

/// <summary>
/// The main faces of the group photos (faces README: left to right, back row first in bbt4), each with
/// a point on the face in image pixels, read off the photos.
/// </summary>
internal static class GroupPhotoFaces
{
    public static readonly Dictionary<string, (string Person, Vector2 OnFace)[]> Main = new()
    {
        ["bbt1"] = [("raj", new(259, 187)), ("leonard", new(517, 200)), ("howard", new(776, 185)), ("sheldon", new(1049, 141))],
        ["bbt2"] = [("leonard", new(132, 169)), ("sheldon", new(417, 169))],
        ["bbt3"] = [("sheldon", new(64, 58)), ("howard", new(180, 117)), ("penny", new(282, 130)), ("raj", new(393, 138)), ("leonard", new(518, 130))],
        ["bbt4"] = [("amy", new(124, 80)), ("raj", new(275, 96)), ("bernadette", new(620, 120)),
                    ("leonard", new(100, 320)), ("penny", new(298, 285)), ("sheldon", new(511, 230))],
        ["bbt5"] = [("raj", new(148, 210)), ("penny", new(257, 79)), ("sheldon", new(480, 203)), ("leonard", new(614, 92)), ("howard", new(761, 153))],
    };
}
