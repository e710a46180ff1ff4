namespace Ledger.Domain.Terminals;

/// <summary>Where a terminal stands (WGS 84 degrees); fraud rules use it for impossible travel.</summary>
public sealed record GeoPoint(double Latitude, double Longitude)
{
    public void EnsureValid()
    {
        if (Latitude is < -90 or > 90 || Longitude is < -180 or > 180 || double.IsNaN(Latitude) || double.IsNaN(Longitude))
            throw new DomainRuleViolation(RuleCodes.InvalidLocation, "Latitude must be within ±90 and longitude within ±180 degrees.");
    }
}
