# fails: test_cosine_lr
# A full cosine period over T_max epochs instead of half of one: back at base_lr at the end.
TARGET = "cosine_lr"
EDITS = [("math.cos(math.pi * epoch / T_max)", "math.cos(2 * math.pi * epoch / T_max)")]
