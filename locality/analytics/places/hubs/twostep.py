"""Two-step floating catchment area (2SFCA) access scores, with a Gaussian distance decay.

Luo & Wang (2003), with the Gaussian decay of Dai (2010) so that a site at the edge of the
catchment counts for little rather than fully:

1. for each site j, its *supply ratio* ``R_j = S_j / sum_i P_i G(d_ij)`` over the LSOAs i
   within the catchment ``d0`` of j (P_i residents of LSOA i at its population-weighted
   centroid, S_j the site's supply);
2. for each LSOA i, its *access* ``A_i = sum_j R_j G(d_ij)`` over the sites within ``d0``,
   per ``per`` residents (by default hubs per 10,000 residents in reach; the hubs command
   uses capacity per resident when every site has a capacity).

``G(d) = (exp(-d^2 / (2 d0^2)) - exp(-1/2)) / (1 - exp(-1/2))`` for ``d <= d0``, else 0: 1 at
the site, 0 at the edge of the catchment. An LSOA with no site in reach scores 0.

>>> import numpy as np
>>> cost = np.array([[0.0, 9], [1, 9], [9, 0]])
>>> scores = access(cost, np.array([100.0, 100, 50]), np.array([1.0, 1]), 2.0)
>>> [round(float(s), 1) for s in scores]
[58.8, 41.2, 200.0]
"""

import numpy as np

PER = 10_000


def gaussian(cost: np.ndarray, catchment: float) -> np.ndarray:
    edge = np.exp(-0.5)
    weight = (np.exp(-0.5 * (np.asarray(cost) / catchment) ** 2) - edge) / (1 - edge)
    return np.where(np.asarray(cost) <= catchment, np.clip(weight, 0.0, 1.0), 0.0)


def access(cost, population, supply, catchment: float, per: float = PER) -> np.ndarray:
    """Access per ``per`` residents for each LSOA (rows of ``cost``; columns are sites)."""
    decay = gaussian(cost, catchment)
    demand = np.asarray(population, dtype=float) @ decay
    ratio = np.divide(
        np.asarray(supply, dtype=float), demand, out=np.zeros(len(demand)), where=demand > 0
    )
    return decay @ ratio * per
