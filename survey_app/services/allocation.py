"""Splitting a whole number in proportion to weights, exactly."""


def largest_remainder(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split ``total`` in proportion to ``weights`` into whole numbers that sum to it exactly.

    Every share gets ``minimum`` first when the total allows; ties go to the earlier weight.
    """
    n = len(weights)
    floor = minimum if total >= minimum * n else 0
    rest = total - floor * n
    weights = [max(w, 0) for w in weights]
    if not any(weights):
        weights = [1] * n
    exact = [rest * w / sum(weights) for w in weights]
    shares = [int(x) for x in exact]
    order = sorted(range(n), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: rest - sum(shares)]:
        shares[i] += 1
    return [floor + s for s in shares]
