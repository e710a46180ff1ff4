using Ledger.Domain.Terminals;

namespace Ledger.Domain.Fraud;

/// <summary>Great-circle distance on a sphere (haversine); the error against the WGS 84 ellipsoid stays under 0.5%.</summary>
public static class GeoDistance
{
    /// <summary>The IUGG mean Earth radius.</summary>
    public const double EarthRadiusKm = 6371.0088;

    public static double Kilometres(GeoPoint from, GeoPoint to)
    {
        var dLat = Radians(to.Latitude - from.Latitude);
        var dLon = Radians(to.Longitude - from.Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
                + Math.Cos(Radians(from.Latitude)) * Math.Cos(Radians(to.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
