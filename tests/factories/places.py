"""York's 120 real LSOAs (data/york) in its four neighbourhoods, as `locality demo` loads them."""

from locality.demo import place
from locality.places.models import Lsoa, Neighbourhood


def york_place() -> dict[str, Neighbourhood]:
    """Create York's neighbourhoods and LSOAs; return the neighbourhoods by name."""
    hoods = {
        name: Neighbourhood.objects.create(la_code=place.LA_CODE, la_name=place.LA_NAME, name=name)
        for name in place.NEIGHBOURHOODS
    }
    Lsoa.objects.bulk_create(
        Lsoa(
            code=x.code,
            name=x.name,
            la_code=place.LA_CODE,
            msoa_code=x.msoa_code,
            ward_code=x.ward_code,
            ward_name=x.ward_name,
            neighbourhood=hoods[place.neighbourhood_of(x)],
            latitude=x.lat,
            longitude=x.lon,
            population=x.population,
            age_0_15=x.age_0_15,
            age_16_59=x.age_16_59,
            age_60_plus=x.age_60_plus,
            imd_score=x.imd_score,
            imd_rank=x.imd_rank,
            imd_decile=x.imd_decile,
            domain_deciles=dict(x.domain_deciles),
            geometry=x.geometry,
        )  # fmt: skip
        for x in place.load_lsoas()
    )
    return hoods
