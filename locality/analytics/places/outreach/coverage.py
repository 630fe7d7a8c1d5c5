"""Maximal covering: choose k stops that reach the most (weighted) residents.

The instance is a boolean matrix ``covers`` (candidates x demand points: candidate j reaches
demand point i) and a weight per demand point. The value of a set of stops is the total weight
of the demand points at least one of them reaches. Three solvers:

``greedy``
    Take the stop that reaches the most weight not yet reached, k times, then improve by
    swapping one chosen stop for one unchosen while that gains (1-swap local search). Greedy
    alone is within 1 - 1/e (63%) of the optimum; the *bound* below says how close it really is.
``exact``
    The maximal covering location problem (Church and ReVelle, 1974) as an integer programme,
    solved by CBC through PuLP: max sum w_i y_i subject to y_i <= sum of x_j over the stops j
    that reach i, sum x_j = k, x binary, y in [0, 1].
``auto``
    Exact when the instance is small enough for CBC to be quick (at most ``EXACT_LIMIT``
    stop-demand pairs in reach), else greedy; exact also falls back to greedy when CBC finds
    no optimum within ``EXACT_TIME_LIMIT_S`` seconds.

The matrix is held sparse (a stop reaches few of the demand points), so greedy costs
k sparse products and each swap round k more.

The bound: the value is monotone and submodular, so for any set S, the optimum is at most
value(S) plus the k largest gains of single stops added to S (Minoux's / Leskovec's "online"
bound). Greedy evaluates it at every step for free and keeps the smallest; an exact solve's
bound is its own value. ``gap`` is (bound - value) / bound.

A stop that reaches nobody new is not kept: fewer than k stops come back when fewer suffice
to reach every demand point that any candidate reaches.

>>> import numpy as np
>>> covers = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1]], dtype=bool)
>>> result = greedy_cover(covers, np.array([5.0, 1.0, 1.0, 5.0]), 2)
>>> (result.chosen, result.value)
((0, 2), 12.0)
"""

import warnings
from dataclasses import dataclass

import numpy as np
from scipy import sparse

EXACT_LIMIT = 200_000  # "auto" solves exactly up to this many (stop, demand point) pairs in reach
EXACT_TIME_LIMIT_S = 60
METHODS = ("auto", "greedy", "exact")


@dataclass(frozen=True)
class Cover:
    chosen: tuple[int, ...]  # candidate indices, in the order they were chosen
    value: float  # weight reached
    bound: float  # no choice of k stops reaches more than this
    method: str  # "greedy", "greedy + swaps" or "exact (CBC)"

    @property
    def gap(self) -> float:
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def _matrix(covers) -> sparse.csr_matrix:
    """The instance as a sparse 0/1 matrix (candidates x demand points)."""
    if sparse.issparse(covers):
        matrix = sparse.csr_matrix(covers, dtype=float)
    else:
        matrix = sparse.csr_matrix(np.asarray(covers, dtype=bool), dtype=float)
    matrix.eliminate_zeros()
    matrix.data[:] = 1.0
    return matrix


def _rows(matrix: sparse.csr_matrix) -> list[np.ndarray]:
    """The demand points each candidate reaches."""
    return [matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]] for j in range(matrix.shape[0])]


def cover_value(covers, weights: np.ndarray, chosen) -> float:
    rows = _rows(_matrix(covers))
    weights = np.asarray(weights, dtype=float)
    reached = np.unique(np.concatenate([rows[j] for j in chosen] or [np.array([], int)]))
    return float(weights[reached].sum())


def choose_stops(covers, weights: np.ndarray, k: int, method: str = "auto") -> Cover:
    """The k stops (or fewer, see the module docstring) by ``method``."""
    if method not in METHODS:
        raise ValueError(f"method {method!r}: expected one of {', '.join(METHODS)}")
    matrix = _matrix(covers)
    weights = np.asarray(weights, dtype=float)
    greedy = greedy_cover(matrix, weights, k)
    if method == "greedy" or (method == "auto" and matrix.nnz > EXACT_LIMIT):
        return greedy
    exact = exact_cover(matrix, weights, k)
    if exact is None or exact.value < greedy.value:
        return greedy  # CBC stopped at its time limit with a worse answer
    return exact


def greedy_cover(covers, weights: np.ndarray, k: int, swaps: bool = True) -> Cover:
    """Greedy choice with the online bound, then 1-swap improvement (see the module docstring)."""
    matrix = _matrix(covers)
    rows = _rows(matrix)
    weights = np.asarray(weights, dtype=float)
    m = matrix.shape[0]
    left = weights.copy()  # weight not yet reached
    chosen: list[int] = []
    value = 0.0
    reachable = np.unique(matrix.indices)
    bound = float(weights[reachable].sum())

    def online_bound(gains) -> float:
        return value + float(np.sort(np.clip(gains, 0, None))[::-1][:k].sum())

    for _ in range(min(k, m)):
        gains = matrix @ left
        gains[chosen] = -1.0
        bound = min(bound, online_bound(gains))
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        chosen.append(best)
        value += float(gains[best])
        left[rows[best]] = 0.0
    if len(chosen) == min(k, m):
        gains = matrix @ left
        gains[chosen] = 0.0
        bound = min(bound, online_bound(gains))
    method = "greedy"
    if swaps and chosen:
        improved = _swap(matrix, rows, weights, chosen)
        if improved != chosen:
            chosen, method = improved, "greedy + swaps"
    value = cover_value(matrix, weights, chosen)
    return Cover(tuple(chosen), value, max(bound, value), method)


def _swap(matrix, rows, weights, chosen: list[int], max_rounds: int = 100) -> list[int]:
    """Swap one chosen stop for an unchosen one while the best such swap gains."""
    chosen = list(chosen)
    n = matrix.shape[1]
    for _ in range(max_rounds):
        count = np.bincount(np.concatenate([rows[j] for j in chosen]), minlength=n)
        best = (1e-9, None, None)
        for position, stop in enumerate(chosen):
            without = count.copy()
            without[rows[stop]] -= 1
            loss = float(weights[rows[stop]][without[rows[stop]] == 0].sum())
            gains = matrix @ np.where(without == 0, weights, 0.0)
            gains[chosen] = -np.inf
            candidate = int(np.argmax(gains))
            if gains[candidate] - loss > best[0]:
                best = (gains[candidate] - loss, position, candidate)
        if best[1] is None:
            return chosen
        chosen[best[1]] = best[2]
    return chosen


def exact_cover(
    covers, weights: np.ndarray, k: int, time_limit: int = EXACT_TIME_LIMIT_S
) -> Cover | None:
    """The optimum by CBC (see the module docstring); None when CBC finds no optimum in time."""
    import pulp

    matrix = _matrix(covers)
    by_point = matrix.tocsc()
    weights = np.asarray(weights, dtype=float)
    m, n = matrix.shape
    reachers = {i: by_point.indices[by_point.indptr[i] : by_point.indptr[i + 1]] for i in range(n)}
    reachable = [i for i in range(n) if len(reachers[i]) and weights[i] > 0]
    if m == 0 or not reachable:
        return Cover((), 0.0, 0.0, "exact (CBC)")
    problem = pulp.LpProblem("maximal_covering", pulp.LpMaximize)
    x = [problem.add_variable(f"x{j}", cat="Binary") for j in range(m)]
    y = {i: problem.add_variable(f"y{i}", lowBound=0, upBound=1) for i in reachable}
    problem += pulp.lpSum(float(weights[i]) * y[i] for i in reachable)
    for i in reachable:
        problem += y[i] <= pulp.lpSum(x[j] for j in reachers[i])
    problem += pulp.lpSum(x) <= min(k, m)
    with warnings.catch_warnings():
        # PuLP 3.3 warns that its bundled CBC goes in 4.0; it is the only CBC installed
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False, timeLimit=time_limit)
        status = problem.solve(solver)
    if pulp.LpStatus[status] != "Optimal" or problem.sol_status != pulp.LpSolutionOptimal:
        return None
    picked = [j for j in range(m) if (x[j].value() or 0) > 0.5]
    chosen = _drop_idle(_rows(matrix), weights, picked)
    value = cover_value(matrix, weights, chosen)
    return Cover(tuple(chosen), value, value, "exact (CBC)")


def _drop_idle(rows, weights, picked: list[int]) -> list[int]:
    """Order stops by what each adds (greedy order) and drop those that add nothing."""
    left = weights.copy()
    order: list[int] = []
    rest = list(picked)
    while rest:
        gains = [float(left[rows[j]].sum()) for j in rest]
        best = int(np.argmax(gains))
        if gains[best] <= 0:
            break
        stop = rest.pop(best)
        order.append(stop)
        left[rows[stop]] = 0.0
    return order
