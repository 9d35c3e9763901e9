# fails: test_Adam
# No bias correction: uses m and v instead of m_hat and v_hat.
TARGET = "Adam"
EDITS = [
    ("m_hat = m / (1 - beta1**t)", "m_hat = m"),
    ("v_hat = v / (1 - beta2**t)", "v_hat = v"),
]
