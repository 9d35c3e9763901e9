# fails: test_gradient_spread
# The mean squared deviation, without the square root.
TARGET = "gradient_spread"
EDITS = [("return math.sqrt(sum(squares) / len(squares))", "return sum(squares) / len(squares)")]
