# fails: test_TensorPairs
# Accepts X and y of different lengths without complaint.
TARGET = "TensorPairs"
EDITS = [("        if len(X) != len(y):\n            raise ValueError(f\"X has {len(X)} examples but y has {len(y)}\")\n", "")]
