# fails: test_gradient_spread
# The mean of the norms instead of the root of the mean of the squared norms.
TARGET = "gradient_spread"
EDITS = [("squares = [((grad(b) - full) ** 2).sum().item() for b in batches]\n    return math.sqrt(sum(squares) / len(squares))",
          "norms = [((grad(b) - full) ** 2).sum().sqrt().item() for b in batches]\n    return sum(norms) / len(norms)")]
